// The pieces of the batch module: hashing, discovery, sharding, the summary CSV and merging.
#include "contour/batch/find_scans.hpp"
#include "contour/batch/fingerprint_file.hpp"
#include "contour/batch/merge_summaries.hpp"
#include "contour/batch/select_shard.hpp"
#include "contour/batch/summary_csv.hpp"
#include "contour/core/errors.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

namespace contour {
namespace {

namespace fs = std::filesystem;

TEST(Fnv1a64, MatchesThePublishedTestVectors) {
  // Test vectors of the reference implementation (Fowler, Noll, Vo: fnv-test vectors).
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(hex64(0xaf63dc4c8601ec8cULL), "af63dc4c8601ec8c");
}

TEST(Fnv1a64, HashingInPiecesEqualsHashingAtOnce) {
  EXPECT_EQ(fnv1a64("bar", fnv1a64("foo")), fnv1a64("foobar"));
}

TEST(FingerprintFile, HashesTheWholeContentAndNothingElse) {
  test::TempDir dir;
  std::string big(3 << 20, 'x');  // larger than the 1 MiB read buffer
  big[2 << 20] = 'y';
  test::write_bytes(dir.file("a.bin"), big);
  test::write_bytes(dir.file("b.bin"), big);
  const FileFingerprint a = fingerprint_file(dir.file("a.bin"));
  EXPECT_EQ(a.size_bytes, big.size());
  EXPECT_EQ(a.fnv1a64, fnv1a64(big));
  EXPECT_EQ(fingerprint_file(dir.file("b.bin")).fnv1a64, a.fnv1a64);
  big[5] = 'z';
  test::write_bytes(dir.file("b.bin"), big);
  EXPECT_NE(fingerprint_file(dir.file("b.bin")).fnv1a64, a.fnv1a64);
  EXPECT_THROW((void)fingerprint_file(dir.file("missing.bin")), IoError);
}

TEST(ParseShard, AcceptsIOverNWithAZeroBasedIndex) {
  const Shard s = parse_shard("2/5");
  EXPECT_EQ(s.index, 2);
  EXPECT_EQ(s.count, 5);
  EXPECT_EQ(parse_shard("0/1").count, 1);
}

TEST(ParseShard, RejectsAnythingElseSayingWhatWasExpected) {
  for (const char* bad : {"3/3", "5/3", "-1/3", "1/0", "0/0", "a/b", "1", "", "1/", "/3", "1/3/4", " 1/3", "1.0/3"}) {
    try {
      (void)parse_shard(bad);
      ADD_FAILURE() << "accepted \"" << bad << "\"";
    } catch (const InvalidInput& e) {
      EXPECT_NE(std::string(e.what()).find("0-based"), std::string::npos) << e.what();
    }
  }
}

TEST(SelectShard, TheShardsOfAListPartitionIt) {
  std::vector<std::string> items;
  for (int i = 0; i < 23; ++i) items.push_back("scan" + std::to_string(100 + i));
  for (int n = 1; n <= 7; ++n) {
    std::multiset<std::string> seen;
    std::size_t smallest = items.size(), largest = 0;
    for (int i = 0; i < n; ++i) {
      const auto part = select_shard(items, Shard{i, n});
      smallest = std::min(smallest, part.size());
      largest = std::max(largest, part.size());
      seen.insert(part.begin(), part.end());
    }
    EXPECT_EQ(seen, std::multiset<std::string>(items.begin(), items.end())) << n << " shards";
    EXPECT_LE(largest - smallest, 1u) << "shards differ by at most one scan";
  }
}

TEST(SummaryFileName, NamesTheShard) {
  EXPECT_EQ(summary_file_name(Shard{}), "summary.csv");
  EXPECT_EQ(summary_file_name(Shard{1, 4}), "summary.shard-1-of-4.csv");
}

TEST(FindScans, ListsScanFilesSortedSkippingHiddenAndOtherFiles) {
  test::TempDir dir;
  const fs::path root = dir.path();
  for (const char* f : {"b.ply", "a.OBJ", "c.stl", "d.vtp", "e.vtk", "notes.txt", ".hidden.ply", ".a.ply.tmp.1.2",
                        "sub/x.ply", "sub/deeper/y.obj", ".git/z.ply", "out/old.ply"}) {
    fs::create_directories((root / f).parent_path());
    test::write_bytes((root / f).string(), "x");
  }
  fs::create_directories(root / "folder.ply");  // a folder with a scan extension is not a scan
  EXPECT_EQ(find_scans(root.string()), (std::vector<std::string>{"a.OBJ", "b.ply", "c.stl", "d.vtp", "e.vtk"}));
  FindScansOptions o;
  o.recursive = true;
  o.skip_folder = (root / "out").string();
  EXPECT_EQ(find_scans(root.string(), o), (std::vector<std::string>{"a.OBJ", "b.ply", "c.stl", "d.vtp", "e.vtk",
                                                                    "sub/deeper/y.obj", "sub/x.ply"}));
  EXPECT_THROW((void)find_scans((root / "missing").string()), InvalidInput);
  EXPECT_THROW((void)find_scans((root / "b.ply").string()), InvalidInput);
}

ScanRecord sample_row(const std::string& file, ScanStatus status) {
  ScanRecord r;
  r.file = file;
  r.status = status;
  if (has_result(status)) {
    r.fill_left_ml = 101.25;
    r.fill_right_ml = 88.5;
    r.inject_ml = 379.5;
    r.aspirate_ml = 690.0;
    r.result = file + ".plan.json";
    r.input_hash = "0123456789abcdef";
  } else if (status == ScanStatus::failed) {
    r.error = file + ": not a PLY file";
  }
  return r;
}

TEST(SummaryCsv, RoundTripsQuotesCommasAndLineBreaks) {
  ScanRecord odd = sample_row("sub dir/\"quoted\", name.ply", ScanStatus::ok);
  odd.warnings = {"left: dip is shallow, check", "two\nlines"};
  ScanRecord failed = sample_row("bad.ply", ScanStatus::failed);
  failed.error = "bad.ply:3: expected \"vertex\",\ngot \"face\"";
  const std::vector<ScanRecord> rows = {odd, failed, sample_row("c.ply", ScanStatus::skipped),
                                        sample_row("d.ply", ScanStatus::not_run)};
  const std::string text = format_summary_csv(rows);
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "file,status,error,fill_left_ml,fill_right_ml,inject_ml,aspirate_ml,warnings_count,warnings,result,"
            "input_fnv1a64,patient_id");
  const auto back = parse_summary_csv(text, "summary.csv");
  ASSERT_EQ(back.size(), rows.size());
  EXPECT_EQ(back[0].file, odd.file);
  EXPECT_EQ(back[0].warnings, (std::vector<std::string>{"left: dip is shallow, check", "two lines"}));
  EXPECT_DOUBLE_EQ(back[0].fill_left_ml, 101.25);
  EXPECT_EQ(back[1].status, ScanStatus::failed);
  EXPECT_EQ(back[1].error, "bad.ply:3: expected \"vertex\", got \"face\"");  // one line
  EXPECT_EQ(back[2].status, ScanStatus::skipped);
  EXPECT_EQ(back[3].status, ScanStatus::not_run);
  EXPECT_EQ(format_summary_csv(back), text) << "formatting what was parsed gives the same text";
}

TEST(SummaryCsv, ParseErrorsNameTheSourceAndLine) {
  const std::string header = format_summary_csv({});
  try {
    (void)parse_summary_csv(header + "a.ply,done,,1,2,3,4,0,,a.ply.plan.json,,\n", "s.csv");
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("s.csv:2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("\"done\""), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)parse_summary_csv("file,status\n", "s.csv"), InvalidInput);
  EXPECT_THROW((void)parse_summary_csv(header + "a.ply,ok,,x,2,3,4,0,,,,\n", "s.csv"), InvalidInput);
}

TEST(SummaryCsv, CarriesThePatientIdAndReadsSummariesWrittenBeforeItsColumn) {
  ScanRecord r = sample_row("a.ply", ScanStatus::ok);
  r.patient_id = "P-001, ward 3";
  const auto back = parse_summary_csv(format_summary_csv({r}), "s.csv");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].patient_id, "P-001, ward 3");
  const std::string old =
      "file,status,error,fill_left_ml,fill_right_ml,inject_ml,aspirate_ml,warnings_count,warnings,result,input_fnv1a64\n"
      "a.ply,ok,,1,2,3,4,0,,a.ply.plan.json,0123456789abcdef\n";
  const auto old_back = parse_summary_csv(old, "old.csv");
  ASSERT_EQ(old_back.size(), 1u);
  EXPECT_EQ(old_back[0].patient_id, "");
  EXPECT_DOUBLE_EQ(old_back[0].fill_right_ml, 2.0);
}

void write_summary(const std::string& path, const std::vector<ScanRecord>& rows) {
  test::write_bytes(path, format_summary_csv(rows));
}

TEST(MergeSummaries, CombinesShardsEachScanOnceSorted) {
  test::TempDir dir;
  write_summary(dir.file("summary.shard-0-of-2.csv"), {sample_row("c.ply", ScanStatus::ok), sample_row("a.ply", ScanStatus::failed)});
  write_summary(dir.file("summary.shard-1-of-2.csv"), {sample_row("b.ply", ScanStatus::skipped)});
  const MergeResult m = merge_summaries({dir.path().string()});
  ASSERT_EQ(m.rows.size(), 3u);
  EXPECT_EQ(m.rows[0].file, "a.ply");
  EXPECT_EQ(m.rows[1].file, "b.ply");
  EXPECT_EQ(m.rows[2].file, "c.ply");
  EXPECT_EQ(m.sources.size(), 2u);
  EXPECT_TRUE(m.duplicates.empty());
  EXPECT_TRUE(m.conflicts.empty());
  EXPECT_TRUE(m.missing_shards.empty());
}

TEST(MergeSummaries, ReportsDuplicatesConflictsAndMissingShards) {
  test::TempDir dir;
  ScanRecord other = sample_row("c.ply", ScanStatus::ok);
  other.fill_left_ml += 1.0;
  write_summary(dir.file("summary.shard-0-of-3.csv"),
                {sample_row("a.ply", ScanStatus::ok), sample_row("c.ply", ScanStatus::ok), sample_row("d.ply", ScanStatus::not_run),
                 sample_row("e.ply", ScanStatus::ok)});
  write_summary(dir.file("summary.shard-2-of-3.csv"),
                {sample_row("a.ply", ScanStatus::skipped), other, sample_row("d.ply", ScanStatus::ok),
                 sample_row("e.ply", ScanStatus::failed)});
  const MergeResult m = merge_summaries({dir.file("summary.shard-0-of-3.csv"), dir.file("summary.shard-2-of-3.csv")});
  EXPECT_EQ(m.missing_shards, (std::vector<std::string>{"summary.shard-1-of-3.csv"}));
  ASSERT_EQ(m.conflicts.size(), 2u);  // c: other numbers; e: result against failure
  EXPECT_EQ(m.conflicts[0].rfind("c.ply: ", 0), 0u) << m.conflicts[0];
  EXPECT_EQ(m.conflicts[1].rfind("e.ply: ", 0), 0u) << m.conflicts[1];
  ASSERT_EQ(m.rows.size(), 2u);  // a (same result twice) and d (not_run gives way)
  EXPECT_EQ(m.rows[0].file, "a.ply");
  EXPECT_EQ(m.rows[1].file, "d.ply");
  EXPECT_EQ(m.rows[1].status, ScanStatus::ok);
  EXPECT_EQ(m.duplicates.size(), 2u);
}

TEST(MergeSummaries, AFolderGivesItsShardSummariesOrElseItsSummary) {
  test::TempDir dir;
  write_summary(dir.file("summary.csv"), {sample_row("a.ply", ScanStatus::ok)});
  MergeResult m = merge_summaries({dir.path().string()});
  ASSERT_EQ(m.sources.size(), 1u);
  EXPECT_EQ(fs::path(m.sources[0]).filename(), "summary.csv");
  // With shard summaries beside it, summary.csv is an earlier merge of them and is not read.
  write_summary(dir.file("summary.shard-0-of-2.csv"), {sample_row("a.ply", ScanStatus::ok)});
  write_summary(dir.file("summary.shard-1-of-2.csv"), {sample_row("b.ply", ScanStatus::ok)});
  m = merge_summaries({dir.path().string()});
  EXPECT_EQ(m.sources.size(), 2u);
  EXPECT_TRUE(m.duplicates.empty());
  EXPECT_EQ(m.rows.size(), 2u);
}

TEST(MergeSummaries, RejectsInputsThatAreNotSummaries) {
  test::TempDir dir;
  EXPECT_THROW((void)merge_summaries({dir.file("nothing.csv")}), InvalidInput);
  EXPECT_THROW((void)merge_summaries({dir.path().string()}), InvalidInput);  // folder without a summary
}

}  // namespace
}  // namespace contour
