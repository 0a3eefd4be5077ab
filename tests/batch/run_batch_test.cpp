// run_batch through the library: outputs, records, resume, the image callback and stopping.
#include "batch_fixtures.hpp"
#include "contour/batch/run_batch.hpp"
#include "contour/core/errors.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

namespace contour {
namespace {

namespace fs = std::filesystem;

class RunBatch : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scans_ = new test::TempDir;
    test::write_phantom(scans_->file("a.ply"), 0);        // left dip 10 mm, right 14 mm
    test::write_phantom(scans_->file("b.ply"), 1);        // 12 mm both
    test::write_phantom(scans_->file("c.ply"), 0, true);  // left 14 mm, right 10 mm
    test::write_bytes(scans_->file("junk.ply"), "ply\nformat binary_little_endian 1.0\n\x01\x02 not a header");
  }
  static void TearDownTestSuite() {
    delete scans_;
    scans_ = nullptr;
  }
  BatchOptions options(const test::TempDir& out) const {
    BatchOptions o;
    o.input_dir = scans_->path().string();
    o.output_dir = (out.path() / "out").string();
    o.jobs = 2;
    o.options_key = "test";
    return o;
  }
  static test::TempDir* scans_;
};
test::TempDir* RunBatch::scans_ = nullptr;

TEST_F(RunBatch, WritesAPlanAndARecordPerGoodScanAndListsTheBadOne) {
  test::TempDir out;
  const BatchSummary s = run_batch(options(out));
  EXPECT_EQ(s.found, 4u);
  ASSERT_EQ(s.scans.size(), 4u);
  EXPECT_EQ(s.ok, 3u);
  EXPECT_EQ(s.failed, 1u);
  EXPECT_FALSE(s.stopped);
  EXPECT_EQ(s.scans[3].file, "junk.ply");
  EXPECT_EQ(s.scans[3].status, ScanStatus::failed);
  EXPECT_NE(s.scans[3].error.find("junk.ply"), std::string::npos) << "the error names the file: " << s.scans[3].error;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(s.scans[i].status, ScanStatus::ok) << s.scans[i].error;
    EXPECT_GT(s.scans[i].fill_left_ml, 0.0);
    EXPECT_GT(s.scans[i].inject_ml, s.scans[i].fill_left_ml + s.scans[i].fill_right_ml) << "resorption is planned for";
  }
  // Deeper dip, more fill: a (left 10, right 14) and c (left 14, right 10).
  EXPECT_LT(s.scans[0].fill_left_ml, s.scans[0].fill_right_ml);
  EXPECT_GT(s.scans[2].fill_left_ml, s.scans[2].fill_right_ml);
  EXPECT_EQ(test::all_files(out.path() / "out"),
            (std::vector<std::string>{"a.ply.batch.json", "a.ply.plan.json", "b.ply.batch.json", "b.ply.plan.json",
                                      "c.ply.batch.json", "c.ply.plan.json", "summary.csv"}));
  const auto rows = test::rows_by_file(s.summary_path);
  EXPECT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows.at("junk.ply").status, ScanStatus::failed);
  EXPECT_EQ(rows.at("a.ply").result, "a.ply.plan.json");
}

TEST_F(RunBatch, ImagesComeFromTheCallbackAndAreKeptOnResume) {
  test::TempDir out;
  BatchOptions o = options(out);
  o.write_target = true;
  std::atomic<int> renders{0};
  BatchCallbacks cb;
  cb.render_images = [&](const PlanResult& plan) {
    ++renders;
    EXPECT_GT(plan.geometry.sides[0].fill_ml, 0.0);
    return std::vector<RenderedImage>{{"front", "\x89PNG front"}, {"side", "\x89PNG side"}};
  };
  BatchSummary s = run_batch(o, cb);
  EXPECT_EQ(s.ok, 3u);
  EXPECT_EQ(renders.load(), 3);
  const fs::path dir = out.path() / "out";
  EXPECT_EQ(test::read_bytes((dir / "b.ply.side.png").string()), "\x89PNG side");
  EXPECT_TRUE(fs::is_regular_file(dir / "b.ply.target.ply"));

  // Up to date with or without images and target requested: nothing is planned or rendered.
  s = run_batch(o, cb);
  EXPECT_EQ(s.ok, 0u);
  EXPECT_EQ(s.skipped, 3u);
  EXPECT_EQ(s.failed, 1u) << "a failed scan is tried again";
  EXPECT_EQ(renders.load(), 3);
  s = run_batch(options(out));
  EXPECT_EQ(s.skipped, 3u);

  // A renderer that fails makes the scan fail, and nothing of that scan is left.
  cb.render_images = [&](const PlanResult&) -> std::vector<RenderedImage> { throw IoError("renderer: no display"); };
  o.force = true;
  s = run_batch(o, cb);
  EXPECT_EQ(s.failed, 4u);
  EXPECT_NE(s.scans[0].error.find("renderer: no display"), std::string::npos);
  EXPECT_EQ(test::all_files(dir), (std::vector<std::string>{"summary.csv"}));
}

TEST_F(RunBatch, AnotherOptionsKeyOrChangedContentMeansOutOfDate) {
  test::TempDir out;
  BatchOptions o = options(out);
  (void)run_batch(o);
  const fs::path dir = out.path() / "out";
  const auto t0 = fs::last_write_time(dir / "a.ply.plan.json");
  BatchSummary s = run_batch(o);
  EXPECT_EQ(s.skipped, 3u);
  EXPECT_EQ(fs::last_write_time(dir / "a.ply.plan.json"), t0) << "an up-to-date result is not rewritten";
  o.options_key = "test, other settings";
  s = run_batch(o);
  EXPECT_EQ(s.ok, 3u);
  EXPECT_EQ(s.skipped, 0u);
}

TEST_F(RunBatch, ACopiedInputWithTheSameContentIsStillUpToDate) {
  test::TempDir in, out;
  fs::copy_file(scans_->path() / "a.ply", in.path() / "a.ply");
  BatchOptions o = options(out);
  o.input_dir = in.path().string();
  EXPECT_EQ(run_batch(o).ok, 1u);
  fs::last_write_time(in.path() / "a.ply", fs::last_write_time(in.path() / "a.ply") + std::chrono::hours(1));
  EXPECT_EQ(run_batch(o).skipped, 1u) << "same bytes, new modification time";
  // Same size, other bytes: one coordinate byte changed.
  std::string bytes = test::read_bytes((in.path() / "a.ply").string());
  bytes[bytes.size() - 1000] ^= 0x01;
  test::write_bytes((in.path() / "a.ply").string(), bytes);
  const BatchSummary s = run_batch(o);
  EXPECT_EQ(s.skipped, 0u);
  EXPECT_EQ(s.ok + s.failed, 1u);
}

TEST_F(RunBatch, AStopLeavesCompleteResultsOnlyAndASummary) {
  test::TempDir out;
  BatchOptions o = options(out);
  o.jobs = 1;
  std::atomic<bool> stop{false};
  BatchCallbacks cb;
  cb.stop_requested = [&] { return stop.load(); };
  cb.on_scan_finished = [&](const ScanRecord&, const BatchProgress&) { stop = true; };
  BatchSummary s = run_batch(o, cb);
  EXPECT_TRUE(s.stopped);
  EXPECT_EQ(s.ok + s.failed, 1u);
  EXPECT_EQ(s.not_run, 3u);
  const auto rows = test::rows_by_file(s.summary_path);
  EXPECT_EQ(rows.size(), 4u) << "the summary lists every scan, run or not";
  EXPECT_TRUE(test::temp_files(out.path()).empty());

  stop = false;
  cb.on_scan_finished = {};
  s = run_batch(o, cb);
  EXPECT_FALSE(s.stopped);
  // The largest files are planned first, so the one finished before the stop was a phantom.
  EXPECT_EQ(s.skipped, 1u);
  EXPECT_EQ(s.ok, 2u);
  EXPECT_EQ(s.failed, 1u);
}

TEST_F(RunBatch, RejectsFoldersThatCannotWork) {
  test::TempDir out;
  BatchOptions o = options(out);
  o.output_dir = o.input_dir;
  EXPECT_THROW((void)run_batch(o), InvalidInput);
  o.output_dir = scans_->path().parent_path().string();  // contains the input folder
  EXPECT_THROW((void)run_batch(o), InvalidInput);
  o = options(out);
  o.input_dir = (out.path() / "missing").string();
  EXPECT_THROW((void)run_batch(o), InvalidInput);
  o = options(out);
  o.jobs = -1;
  EXPECT_THROW((void)run_batch(o), InvalidInput);
  o = options(out);
  o.shard = Shard{3, 3};
  EXPECT_THROW((void)run_batch(o), InvalidInput);
}

}  // namespace
}  // namespace contour
