// Issue 12, batch: the up-to-date key comes from the resolved plan options and the library
// version (not from how the options were typed); a second batch on the same output folder is
// refused while the first holds its lock; entries that cannot be read are listed as skipped
// with the reason.
#include "batch_fixtures.hpp"
#include "contour/batch/run_batch.hpp"
#include "contour/core/errors.hpp"
#include "contour/core/version.hpp"
#include "contour/plan/plan_options_key.hpp"
#include "run_cli.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace contour {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

const std::string kScan = std::string(CONTOUR_TEST_DATA_DIR) + "/samples/phantom_asymmetric.ply";

TEST(PlanOptionsKey, FollowsTheResolvedValuesAndTheLibraryVersion) {
  const PlanOptions defaults;
  const std::string key = plan_options_key(defaults);
  EXPECT_NE(key.find(std::string("libcontour=") + library_version()), std::string::npos);
  EXPECT_EQ(plan_options_key(PlanOptions{}), key);
  PlanOptions same = defaults;
  same.graft.resorption = 0.50;  // the default, given explicitly
  EXPECT_EQ(plan_options_key(same), key);
  // Any value the library uses, defaults of inner stages included, changes the key.
  PlanOptions a = defaults;
  a.geometry.landmarks.min_dip_depth_mm += 0.5;
  PlanOptions b = defaults;
  b.graft.resorption = 0.55;
  PlanOptions c = defaults;
  c.geometry.overrides[1].dip_z_mm = 900.0;
  PlanOptions d = defaults;
  d.graft.donor_sites = {{"abdomen", 800.0, 1}};
  PlanOptions e = d;
  e.graft.donor_sites[0].capacity_ml = 801.0;
  PlanOptions f = defaults;
  f.import.stray_area_fraction = 0.03;
  for (const PlanOptions* o : {&a, &b, &c, &d, &e, &f}) EXPECT_NE(plan_options_key(*o), key);
  EXPECT_NE(plan_options_key(d), plan_options_key(e));
}

TEST(BatchKey, OptionsTypedDifferentlyButEqualKeepResultsUpToDate) {
  TempDir dir;
  fs::create_directory(dir.file("in"));
  fs::copy_file(kScan, dir.file("in/a.ply"));
  const std::string out = dir.file("out");
  test::CliRun r = test::run_cli({"batch", dir.file("in"), "--out", out, "-q"}, 120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The default resorption, typed out: the same plan, still up to date.
  r = test::run_cli({"batch", dir.file("in"), "--out", out, "-q", "--resorption", "0.50"}, 120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 planned, 1 up to date"), std::string::npos) << r.out;
  // A donors file: its content is in the key, its name is not.
  const std::string donors = dir.file("donors.json"), moved = dir.file("moved.json");
  test::write_bytes(donors, R"({"sites":[{"site":"abdomen","capacity_ml":900}]})");
  r = test::run_cli({"batch", dir.file("in"), "--out", out, "-q", "--donors", donors}, 120);
  EXPECT_NE(r.out.find("1 planned, 0 up to date"), std::string::npos) << r.out;
  fs::copy_file(donors, moved);
  r = test::run_cli({"batch", dir.file("in"), "--out", out, "-q", "--donors", moved}, 120);
  EXPECT_NE(r.out.find("0 planned, 1 up to date"), std::string::npos) << r.out;
  test::write_bytes(moved, R"({"sites":[{"site":"abdomen","capacity_ml":950}]})");
  r = test::run_cli({"batch", dir.file("in"), "--out", out, "-q", "--donors", moved}, 120);
  EXPECT_NE(r.out.find("1 planned, 0 up to date"), std::string::npos) << r.out;
}

TEST(BatchLock, ASecondBatchOnTheSameOutputFolderIsRefusedWhileTheFirstRuns) {
  TempDir dir;
  fs::create_directory(dir.file("in"));
  fs::copy_file(kScan, dir.file("in/a.ply"));
  const std::string out = dir.file("out");
  fs::create_directory(out);
  // Hold the lock as a running batch does.
  const std::string lock = out + "/.summary.csv.lock";
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  ASSERT_EQ(::write(fd, "12345\n", 6), 6);
  test::CliRun r = test::run_cli({"batch", dir.file("in"), "--out", out, "-q"}, 60);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(test::count_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("another contour batch"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("12345"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out + "/a.ply.plan.json"));
  // Another shard writes another summary: not blocked.
  r = test::run_cli({"batch", dir.file("in"), "--out", out, "-q", "--shard", "0/2"}, 120);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ::close(fd);  // the first batch ends
  r = test::run_cli({"batch", dir.file("in"), "--out", out, "-q"}, 120);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(BatchInputs, UnreadableEntriesAreListedAsSkippedWithTheReason) {
  TempDir dir;
  const std::string in = dir.file("in");
  fs::create_directory(in);
  fs::copy_file(kScan, in + "/a.ply");
  fs::create_symlink("gone.ply", in + "/dangling.ply");
  ASSERT_EQ(::mkfifo((in + "/pipe.stl").c_str(), 0600), 0);
  fs::create_directory(in + "/folder.ply");
  fs::create_symlink("loop2.obj", in + "/loop1.obj");
  fs::create_symlink("loop1.obj", in + "/loop2.obj");
  const std::string out = dir.file("out");
  const test::CliRun r = test::run_cli({"batch", in, "--out", out, "-q"}, 120);
  EXPECT_FALSE(r.timed_out) << "hang on the FIFO";
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto rows = test::rows_by_file(out + "/summary.csv");
  ASSERT_EQ(rows.count("a.ply"), 1u);
  EXPECT_EQ(rows.at("a.ply").status, ScanStatus::ok);
  const std::pair<const char*, const char*> expected[] = {{"dangling.ply", "dangling symbolic link"},
                                                         {"pipe.stl", "FIFO"},
                                                         {"folder.ply", "folder"},
                                                         {"loop1.obj", "loop"},
                                                         {"loop2.obj", "loop"}};
  for (const auto& [file, reason] : expected) {
    SCOPED_TRACE(file);
    ASSERT_EQ(rows.count(file), 1u);
    EXPECT_EQ(rows.at(file).status, ScanStatus::unreadable);
    EXPECT_EQ(rows.at(file).error.rfind("skipped: ", 0), 0u) << rows.at(file).error;
    EXPECT_NE(rows.at(file).error.find(reason), std::string::npos) << rows.at(file).error;
  }
  EXPECT_NE(r.out.find("5 unreadable (skipped)"), std::string::npos) << r.out;
}

TEST(BatchInputs, ANameThatIsNotUtf8IsPlannedListedAndResumed) {
  TempDir dir;
  const std::string in = dir.file("in");
  fs::create_directory(in);
  fs::copy_file(kScan, in + "/sc\xff" "an.ply");
  const std::string out = dir.file("out");
  test::CliRun r = test::run_cli({"batch", in, "--out", out, "-q"}, 120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_regular_file(out + "/sc\xff" "an.ply.plan.json"));
  const auto rows = test::rows_by_file(out + "/summary.csv");
  ASSERT_EQ(rows.count("sc\xEF\xBF\xBD" "an.ply"), 1u) << "the CSV carries U+FFFD for the bad byte";
  r = test::run_cli({"batch", in, "--out", out, "-q"}, 120);
  EXPECT_NE(r.out.find("0 planned, 1 up to date"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace contour
