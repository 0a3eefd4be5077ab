// `contour batch` and `contour merge` as a user runs them: good and bad scans, same-named scans
// in subfolders, Ctrl-C and resume, shards and merge, --jobs 2 against --jobs 1.
#include "batch_fixtures.hpp"
#include "contour/batch/merge_summaries.hpp"
#include "run_cli.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <set>

namespace contour {
namespace {

namespace fs = std::filesystem;
using test::run_cli;

/// The scan folder shared by the tests: 5 good phantoms (two with the same name in different
/// subfolders), a file of junk bytes, a truncated PLY and an empty OBJ.
class BatchCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scans_ = new test::TempDir;
    const fs::path r = scans_->path();
    test::write_phantom((r / "a.ply").string(), 0);                   // left dip 10 mm, right 14 mm
    test::write_phantom((r / "b.obj").string(), 1);                   // 12 mm both
    test::write_phantom((r / "left/scan.ply").string(), 0, true);     // left 14 mm, right 10 mm
    test::write_phantom((r / "right/scan.ply").string(), 0);          // left 10 mm, right 14 mm
    test::write_phantom((r / "right/deeper/c.stl").string(), 1, true);
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919) % 251);
    test::write_bytes((r / "junk.ply").string(), junk);
    const std::string good = test::read_bytes((r / "a.ply").string());
    test::write_bytes((r / "left/truncated.ply").string(), good.substr(0, good.size() / 2));
    test::write_bytes((r / "empty.obj").string(), "");
  }
  static void TearDownTestSuite() {
    delete scans_;
    scans_ = nullptr;
  }
  static std::string in() { return scans_->path().string(); }
  static const std::set<std::string>& good() {
    static const std::set<std::string> g = {"a.ply", "b.obj", "left/scan.ply", "right/deeper/c.stl", "right/scan.ply"};
    return g;
  }
  static const std::set<std::string>& bad() {
    static const std::set<std::string> b = {"empty.obj", "junk.ply", "left/truncated.ply"};
    return b;
  }
  static test::TempDir* scans_;
};
test::TempDir* BatchCli::scans_ = nullptr;

TEST_F(BatchCli, GoodScansGetResultsBadOnesAreListedAndTheExitCodeIsOne) {
  test::TempDir out;
  const auto run = run_cli({"batch", in(), "--out", out.file("res"), "--recursive", "--jobs", "2"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const fs::path res = out.path() / "res";
  const auto rows = test::rows_by_file((res / "summary.csv").string());
  ASSERT_EQ(rows.size(), good().size() + bad().size());
  for (const auto& f : good()) {
    const ScanRecord& r = rows.at(f);
    EXPECT_EQ(r.status, ScanStatus::ok) << f << ": " << r.error;
    EXPECT_TRUE(fs::is_regular_file(res / (f + ".plan.json"))) << f;
    EXPECT_EQ(r.result, f + ".plan.json");
    EXPECT_GT(r.fill_left_ml, 0.0);
    EXPECT_GT(r.fill_right_ml, 0.0);
    EXPECT_GT(r.aspirate_ml, r.inject_ml) << "the yield is below 1";
  }
  for (const auto& f : bad()) {
    const ScanRecord& r = rows.at(f);
    EXPECT_EQ(r.status, ScanStatus::failed) << f;
    EXPECT_NE(r.error.find(fs::path(f).filename().string()), std::string::npos) << "error names the file: " << r.error;
    EXPECT_TRUE(r.result.empty());
    EXPECT_FALSE(fs::exists(res / (f + ".plan.json"))) << f;
    EXPECT_NE(run.err.find(f), std::string::npos) << "each failure is logged";
  }
  // Same name in two subfolders: two results, from two different scans.
  const std::string l = test::read_bytes((res / "left/scan.ply.plan.json").string());
  const std::string r = test::read_bytes((res / "right/scan.ply.plan.json").string());
  EXPECT_NE(l, r);
  EXPECT_GT(rows.at("left/scan.ply").fill_left_ml, rows.at("left/scan.ply").fill_right_ml);
  EXPECT_LT(rows.at("right/scan.ply").fill_left_ml, rows.at("right/scan.ply").fill_right_ml);
  EXPECT_TRUE(test::temp_files(res).empty());
  // Not a terminal: one plain log line per finished scan, no bar.
  EXPECT_EQ(run.err.find('\r'), std::string::npos);
  EXPECT_NE(run.out.find("5 planned, 0 up to date, 3 failed, 0 not run"), std::string::npos) << run.out;
}

TEST_F(BatchCli, WithoutRecursiveOnlyTheTopFolderIsPlanned) {
  test::TempDir out;
  const auto run = run_cli({"batch", in(), "--out", out.file("res"), "--target"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const auto rows = test::rows_by_file(out.file("res/summary.csv"));
  EXPECT_EQ(rows.size(), 4u);  // a.ply b.obj empty.obj junk.ply
  EXPECT_TRUE(fs::is_regular_file(out.path() / "res/a.ply.target.ply"));
}

TEST_F(BatchCli, UsageErrorsExitWithTwo) {
  test::TempDir out;
  EXPECT_EQ(run_cli({"batch", out.file("missing"), "--out", out.file("res")}).exit_code, 2);
  EXPECT_EQ(run_cli({"batch", in(), "--out", out.file("res"), "--shard", "3/3"}).exit_code, 2);
  EXPECT_EQ(run_cli({"batch", in(), "--out", out.file("res"), "--shard", "1-3"}).exit_code, 2);
  EXPECT_EQ(run_cli({"batch", in(), "--out", out.file("res"), "--jobs", "-1"}).exit_code, 2);
  EXPECT_EQ(run_cli({"batch", in(), "--out", in()}).exit_code, 2);
  EXPECT_EQ(run_cli({"batch", in(), "--out", out.file("res"), "--resorption", "0.99"}).exit_code, 2);
  EXPECT_EQ(run_cli({"batch", in()}).exit_code, 2);
  EXPECT_EQ(run_cli({"merge", out.file("missing"), "--out", out.file("m.csv")}).exit_code, 2);
  EXPECT_FALSE(fs::exists(out.path() / "res")) << "nothing is written on a usage error";
}

TEST_F(BatchCli, APatientsCsvThatIsWrongIsOneLineAndExitOneBeforeAnyWork) {
  test::TempDir out;
  auto run_with = [&](const std::string& csv_text) {
    test::write_bytes(out.file("patients.csv"), csv_text);
    return run_cli({"batch", in(), "--out", out.file("res"), "--patients", out.file("patients.csv")});
  };
  for (const auto& [text, expect] :
       {std::pair<std::string, std::string>{"scan,mrn\na.ply,1\n", "unknown column \"mrn\""},
        {"scan,patient_id\nnot-there.ply,1\n", "scan \"not-there.ply\" is not a scan in"},
        {"scan,scan_date\na.ply,2026-13-01\n", "patients.csv:2"}}) {
    const auto run = run_with(text);
    EXPECT_EQ(run.exit_code, 1) << text << run.err;
    EXPECT_NE(run.err.find(expect), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("patients.csv"), std::string::npos) << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << "one line: " << run.err;
    EXPECT_FALSE(fs::exists(out.path() / "res" / "a.ply.plan.json")) << "no scan planned";
  }
  test::write_bytes(out.file("pairs.csv"), "patient_id,pre,post,plan\n");
  EXPECT_EQ(run_cli({"batch", "--pairs", out.file("pairs.csv"), "--out", out.file("res2"), "--patients",
                     out.file("patients.csv")}).exit_code, 2);
  EXPECT_EQ(run_cli({"batch", in(), "--out", out.file("res3"), "--reports", "--paper", "a3"}).exit_code, 2);
}

/// Starts `contour args...` without waiting; stdout and stderr go to files.
pid_t start_cli(const std::vector<std::string>& args, const std::string& out_path, const std::string& err_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> argv_s{CONTOUR_CLI_PATH};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, CONTOUR_CLI_PATH, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start contour");
  return pid;
}

/// Waits for `pid` (at most `timeout_s`); its exit code, or 128 + signal.
int wait_for(pid_t pid, double timeout_s = 120) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// Number of finished results (records) under `root`.
std::size_t count_records(const fs::path& root) {
  if (!fs::exists(root)) return 0;
  std::size_t n = 0;
  for (const auto& f : test::all_files(root))
    if (f.size() > 11 && f.compare(f.size() - 11, 11, ".batch.json") == 0) ++n;
  return n;
}

void interrupt_and_resume(const std::string& in, int signal, int expected_exit) {
  test::TempDir out;
  const fs::path res = out.path() / "res";
  const std::vector<std::string> args = {"batch", in, "--out", res.string(), "--jobs", "1", "--recursive"};
  const pid_t pid = start_cli(args, out.file("stdout"), out.file("stderr"));
  // Interrupt once the first result is complete (its record is written last).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (count_records(res) == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ASSERT_GT(count_records(res), 0u) << "no result within 60 s";
  ::kill(pid, signal);
  const int code = wait_for(pid);
  const std::string err = test::read_bytes(out.file("stderr"));
  ASSERT_EQ(code, expected_exit) << err;
  EXPECT_NE(err.find("stopping"), std::string::npos) << err;

  // The summary is there and lists every scan; finished ones are complete; nothing partial.
  const auto first = test::rows_by_file((res / "summary.csv").string());
  ASSERT_EQ(first.size(), 8u);
  std::map<std::string, fs::file_time_type> finished;
  std::size_t not_run = 0;
  for (const auto& [f, r] : first) {
    if (r.status == ScanStatus::not_run) {
      ++not_run;
      EXPECT_FALSE(fs::exists(res / (f + ".plan.json"))) << f;
      EXPECT_FALSE(fs::exists(res / (f + ".batch.json"))) << f;
    } else if (r.status == ScanStatus::ok) {
      EXPECT_TRUE(fs::exists(res / (f + ".batch.json"))) << f;
      finished[f] = fs::last_write_time(res / (f + ".plan.json"));
    }
  }
  EXPECT_GE(finished.size(), 1u);
  EXPECT_GE(not_run, 1u) << "stopped before the end";
  EXPECT_EQ(count_records(res), finished.size()) << "every record belongs to a scan listed as ok";
  EXPECT_TRUE(test::temp_files(res).empty());

  // Resume: what was finished is kept as it is, the rest is planned.
  const auto again = run_cli(args);
  EXPECT_EQ(again.exit_code, 1) << again.err;  // the bad scans fail again
  const auto second = test::rows_by_file((res / "summary.csv").string());
  ASSERT_EQ(second.size(), 8u);
  for (const auto& [f, r] : second) {
    if (finished.count(f)) {
      EXPECT_EQ(r.status, ScanStatus::skipped) << f;
      EXPECT_EQ(fs::last_write_time(res / (f + ".plan.json")), finished.at(f)) << f << " was not rewritten";
      EXPECT_EQ(r.fill_left_ml, first.at(f).fill_left_ml) << "the summary keeps its numbers";
    } else if (first.at(f).status != ScanStatus::failed) {
      EXPECT_NE(r.status, ScanStatus::not_run) << f;
    }
  }
  std::size_t with_result = 0;
  for (const auto& [f, r] : second) with_result += has_result(r.status) ? 1 : 0;
  EXPECT_EQ(with_result, 5u);
  EXPECT_TRUE(test::temp_files(res).empty());
}

TEST_F(BatchCli, CtrlCStopsCleanlyAndARerunResumesWithoutRedoingAnything) {
  interrupt_and_resume(in(), SIGINT, 128 + SIGINT);
}

TEST_F(BatchCli, SigtermStopsCleanlyToo) {
  // A scheduler (Slurm: time limit, preemption) sends SIGTERM.
  interrupt_and_resume(in(), SIGTERM, 128 + SIGTERM);
}

TEST_F(BatchCli, ShardsCoverEveryScanExactlyOnceAndMergeBack) {
  test::TempDir out;
  std::multiset<std::string> seen;
  for (int i = 0; i < 3; ++i) {
    const std::string shard = std::to_string(i) + "/3";
    const auto run = run_cli({"batch", in(), "--out", out.file("res"), "--recursive", "--shard", shard, "-q"});
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.err;
    for (const auto& r : read_summary_csv(out.file("res/summary.shard-" + std::to_string(i) + "-of-3.csv")))
      seen.insert(r.file);
  }
  std::multiset<std::string> all(good().begin(), good().end());
  all.insert(bad().begin(), bad().end());
  EXPECT_EQ(seen, all);

  // Merge: every scan once; exit 1 because some failed.
  auto merge = run_cli({"merge", out.file("res"), "--out", out.file("merged.csv")});
  EXPECT_EQ(merge.exit_code, 1) << merge.err;
  const auto merged = test::rows_by_file(out.file("merged.csv"));
  EXPECT_EQ(merged.size(), all.size());
  for (const auto& f : good()) EXPECT_EQ(merged.at(f).status, ScanStatus::ok) << f;

  // A missing shard is reported.
  merge = run_cli({"merge", out.file("res/summary.shard-0-of-3.csv"), out.file("res/summary.shard-2-of-3.csv"),
                   "--out", out.file("partial.csv")});
  EXPECT_EQ(merge.exit_code, 1);
  EXPECT_NE(merge.err.find("summary.shard-1-of-3.csv"), std::string::npos) << merge.err;

  // Two summaries that disagree about a scan: a conflict, nothing written.
  const auto rows = read_summary_csv(out.file("res/summary.shard-0-of-3.csv"));
  std::vector<ScanRecord> edited = rows;
  for (auto& r : edited)
    if (has_result(r.status)) r.fill_left_ml += 5;
  fs::create_directories(out.path() / "other");
  test::write_bytes(out.file("other/summary.shard-0-of-3.csv"), format_summary_csv(edited));
  merge = run_cli({"merge", out.file("res"), out.file("other"), "--out", out.file("conflict.csv")});
  EXPECT_EQ(merge.exit_code, 1);
  EXPECT_NE(merge.err.find("conflict"), std::string::npos) << merge.err;
  EXPECT_FALSE(fs::exists(out.path() / "conflict.csv"));
}

TEST_F(BatchCli, TwoJobsGiveTheSameResultsAsOneByteForByte) {
  test::TempDir out;
  const auto one = run_cli({"batch", in(), "--out", out.file("one"), "--recursive", "--jobs", "1", "-q"});
  const auto two = run_cli({"batch", in(), "--out", out.file("two"), "--recursive", "--jobs", "2", "-q"});
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_EQ(two.exit_code, 1);
  const auto files = test::all_files(out.path() / "one");
  EXPECT_EQ(files, test::all_files(out.path() / "two"));
  std::size_t compared = 0;
  for (const auto& f : files) {
    EXPECT_EQ(test::read_bytes(out.file("one/" + f)), test::read_bytes(out.file("two/" + f))) << f;
    ++compared;
  }
  EXPECT_EQ(compared, 2 * good().size() + 1) << "every plan, every record and the summary";
}

TEST_F(BatchCli, ChangedOptionsMakeResultsOutOfDateAndForceRedoesAll) {
  test::TempDir out;
  const std::vector<std::string> base = {"batch", in(), "--out", out.file("res"), "-q"};
  auto args = base;
  EXPECT_EQ(run_cli(args).exit_code, 1);
  auto rows = test::rows_by_file(out.file("res/summary.csv"));
  EXPECT_EQ(rows.at("a.ply").status, ScanStatus::ok);
  EXPECT_EQ(run_cli(args).exit_code, 1);
  EXPECT_EQ(test::rows_by_file(out.file("res/summary.csv")).at("a.ply").status, ScanStatus::skipped);
  args.push_back("--force");
  EXPECT_EQ(run_cli(args).exit_code, 1);
  EXPECT_EQ(test::rows_by_file(out.file("res/summary.csv")).at("a.ply").status, ScanStatus::ok);
  args = base;
  args.insert(args.end(), {"--correction", "0.5"});
  EXPECT_EQ(run_cli(args).exit_code, 1);
  const auto half = test::rows_by_file(out.file("res/summary.csv"));
  EXPECT_EQ(half.at("a.ply").status, ScanStatus::ok);
  EXPECT_LT(half.at("a.ply").fill_left_ml, rows.at("a.ply").fill_left_ml);
  // A donors file edited in place changes the key when a value changes, though its name did not;
  // the key holds the values read (plan_options_key), so an edit of white space alone does not.
  const std::string donors = std::string(CONTOUR_TEST_DATA_DIR) + "/donors.example.json";
  test::write_bytes(out.file("donors.json"), test::read_bytes(donors));
  args.insert(args.end(), {"--donors", out.file("donors.json")});
  EXPECT_EQ(run_cli(args).exit_code, 1);
  EXPECT_EQ(run_cli(args).exit_code, 1);
  EXPECT_EQ(test::rows_by_file(out.file("res/summary.csv")).at("a.ply").status, ScanStatus::skipped);
  test::write_bytes(out.file("donors.json"), test::read_bytes(donors) + "\n");
  EXPECT_EQ(run_cli(args).exit_code, 1);
  EXPECT_EQ(test::rows_by_file(out.file("res/summary.csv")).at("a.ply").status, ScanStatus::skipped);
  std::string edited = test::read_bytes(donors);
  const auto at = edited.find("\"capacity_ml\": 900");
  ASSERT_NE(at, std::string::npos);
  edited.replace(at, 18, "\"capacity_ml\": 901");
  test::write_bytes(out.file("donors.json"), edited);
  EXPECT_EQ(run_cli(args).exit_code, 1);
  EXPECT_EQ(test::rows_by_file(out.file("res/summary.csv")).at("a.ply").status, ScanStatus::ok);
}

TEST_F(BatchCli, ImagesWithoutADisplayAreAUsageError) {
  // Renders are made off-screen through X; without a display (or without the VTK adapter in
  // the build) --images is refused before any work.
  const char* display = std::getenv("DISPLAY");
  const std::string saved = display ? display : "";
  ::unsetenv("DISPLAY");
  test::TempDir out;
  const auto run = run_cli({"batch", in(), "--out", out.file("res"), "--images"});
  if (!saved.empty()) ::setenv("DISPLAY", saved.c_str(), 1);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.err.find("xvfb-run") != std::string::npos || run.err.find("VTK") != std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(out.path() / "res"));
}

TEST_F(BatchCli, ImagesAreWrittenBesideThePlanAndKeptOnResume) {
  if (std::getenv("DISPLAY") == nullptr) GTEST_SKIP() << "no X display: run this test under xvfb-run -a";
  test::TempDir out;
  fs::create_directories(out.path() / "in");
  fs::copy_file(scans_->path() / "a.ply", out.path() / "in/a.ply");
  const std::vector<std::string> args = {"batch", out.file("in"), "--out", out.file("res"), "--images"};
  const auto run = run_cli(args);
  if (run.exit_code == 2 && run.err.find("VTK") != std::string::npos) GTEST_SKIP() << "built without the VTK adapter";
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::size_t pngs = 0;
  for (const auto& f : test::all_files(out.path() / "res")) {
    if (f.size() < 4 || f.compare(f.size() - 4, 4, ".png") != 0) continue;
    ++pngs;
    EXPECT_EQ(f.rfind("a.ply.", 0), 0u) << f;
    EXPECT_EQ(test::read_bytes(out.file("res/" + f)).substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << f;
  }
  EXPECT_GE(pngs, 2u);
  const auto again = run_cli(args);
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(test::rows_by_file(out.file("res/summary.csv")).at("a.ply").status, ScanStatus::skipped);
}

}  // namespace
}  // namespace contour
