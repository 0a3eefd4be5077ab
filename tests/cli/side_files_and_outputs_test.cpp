// Issue 12, from the command line: side files (--landmarks, --donors) that are bad in every way
// fail with one line naming the file and the field (exit 1), never a crash or a hang; output
// paths are checked before any work (exit 2) and written all or none; "-" is standard output;
// an invalid option value is a usage error in every command; NaN never passes a range check.
#include "run_cli.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace contour {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

const std::string kScan = std::string(CONTOUR_TEST_DATA_DIR) + "/samples/phantom_asymmetric.ply";

/// The contract of a rejected run: the exit code, one "error:" line naming `names` and
/// `field`, nothing on stdout, no crash, no hang.
void expect_one_line_error(const test::CliRun& r, int code, const std::string& names, const std::string& field = "") {
  EXPECT_FALSE(r.timed_out) << "hang";
  EXPECT_EQ(r.signal, 0) << "killed by signal " << r.signal << "\n" << r.err;
  EXPECT_EQ(r.exit_code, code) << r.err;
  EXPECT_EQ(test::count_lines(r.err), 1) << r.err;
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(names), std::string::npos) << r.err;
  if (!field.empty()) EXPECT_NE(r.err.find(field), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(LandmarksFile, DipOverrideOutsideTheWindowIsOneLineNotACrash) {
  TempDir dir;
  const std::string lm = dir.file("lm.json");
  // 700 mm lies inside this phantom's height but outside its dip window (the SIGSEGV of issue 12).
  test::write_bytes(lm, R"({"left":{"dip_z_mm":700}})");
  expect_one_line_error(test::run_cli({"plan", kScan, "--landmarks", lm, "--quiet"}, 60), 1, lm, "dip_z_mm");
}

TEST(LandmarksFile, EveryBadValueNamesTheFileAndTheField) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"left":{"dip_z_mm":1e6}})", "left.dip_z_mm"},                       // above the scan
      {R"({"right":{"iliac_z_mm":-5}})", "right.iliac_z_mm"},                  // below the lowest point
      {R"({"left":{"iliac_z_mm":400,"trochanter_z_mm":500}})", "left.iliac_z_mm"},  // order
      {R"({"waist_z_mm":450,"dip_z_mm":480})", "waist_z_mm"},                  // order, both sides
      {R"({"left":{"trochanter_z_mm":10}})", "left.trochanter_z_mm"},          // below the crotch / window
      {R"({"left":{"thigh_z_mm":600, "trochanter_z_mm":500}})", "left.trochanter_z_mm"},
      {R"({"left":{"dip_z_mm":"x"}})", "left.dip_z_mm"},
      {R"({"left":{"dip_z_mm":null}})", "left.dip_z_mm"},
      {R"({"left":{"hip_z_mm":900}})", "left.hip_z_mm"},
      {R"({"left":7})", "left"},
      {R"([1,2])", "object"},
      {"{\"left\":{\"dip_z_mm\":", "JSON"},
      {"\xff\xfe{}", "JSON"},
  };
  TempDir dir;
  for (const auto& [text, field] : cases) {
    SCOPED_TRACE(text);
    const std::string lm = dir.file("lm.json");
    test::write_bytes(lm, text);
    expect_one_line_error(test::run_cli({"plan", kScan, "--landmarks", lm, "--quiet"}, 60), 1, lm, field);
  }
}

TEST(LandmarksFile, AGoodOverrideStillPlans) {
  TempDir dir;
  const std::string lm = dir.file("lm.json"), out = dir.file("p.json");
  test::write_bytes(lm, R"({"_note": "from the consult", "left":{"dip_z_mm":470}})");
  const test::CliRun r = test::run_cli({"plan", kScan, "--landmarks", lm, "--json", out, "--quiet"}, 60);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_regular_file(out));
}

TEST(SideFiles, FifosDevicesFoldersAndHugeFilesAreRefusedWithoutHanging) {
  TempDir dir;
  const std::string fifo = dir.file("fifo.json");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string big = dir.file("big.json");
  test::write_bytes(big, "{\"sites\": [" + std::string(2u << 20, ' ') + "]}");
  const std::string folder = dir.file("folder.json");
  fs::create_directory(folder);
  for (const char* option : {"--landmarks", "--donors"}) {
    for (const std::string& path : {fifo, std::string("/dev/zero"), folder, big, dir.file("missing.json")}) {
      SCOPED_TRACE(std::string(option) + " " + path);
      const test::CliRun r = test::run_cli({"plan", kScan, option, path, "--quiet"}, 20);
      expect_one_line_error(r, 1, path);
    }
  }
  const test::CliRun r = test::run_cli({"plan", kScan, "--donors", big, "--quiet"}, 20);
  EXPECT_NE(r.err.find("1048576-byte limit"), std::string::npos) << r.err;
}

TEST(SideFiles, DonorsFileErrorsNameTheFileAndTheField) {
  TempDir dir;
  const std::string d = dir.file("donors.json");
  test::write_bytes(d, R"({"sites":[{"site":"abdomen","capacity_ml":-3}]})");
  expect_one_line_error(test::run_cli({"plan", kScan, "--donors", d, "--quiet"}, 60), 1, d, "capacity_ml");
}

// ---- outputs ----

TEST(Outputs, BadPathsAreUsageErrorsBeforeAnyWork) {
  TempDir dir;
  const std::string scan_copy = dir.file("scan.ply");
  fs::copy_file(kScan, scan_copy);
  const std::string lm = dir.file("lm.json");
  test::write_bytes(lm, R"({"left":{"dip_z_mm":470}})");
  fs::create_symlink(scan_copy, dir.file("scan-link.ply"));
  const std::vector<std::vector<std::string>> cases = {
      {"--json", dir.file("no/such/folder/p.json")},
      {"--json", dir.path().string()},                           // a folder
      {"--target", scan_copy},                                   // the input
      {"--target", dir.file("scan-link.ply")},                   // the input, through a link
      {"--json", lm, "--landmarks", lm},                         // a side file
      {"--json", dir.file("a.json"), "--csv", dir.file("./a.json")},  // two outputs, one file
      {"--json", "-", "--csv", "-"},                             // stdout twice
      {"--target", "-"},                                         // stdout is only for text
      {"--target", dir.file("t.xyz")},                           // unknown mesh format
      {"--json", ""},
  };
  const auto before_size = fs::file_size(scan_copy);
  for (const auto& extra : cases) {
    std::vector<std::string> args = {"plan", scan_copy, "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    SCOPED_TRACE(extra[0] + " " + extra[1]);
    const test::CliRun r = test::run_cli(args, 60);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    // One line naming the option, from CLI11's own checks as from ours.
    EXPECT_EQ(test::count_lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find(extra[0]), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("[contour] import"), std::string::npos) << "planned before checking: " << r.err;
  }
  EXPECT_EQ(fs::file_size(scan_copy), before_size);
  EXPECT_FALSE(fs::exists(dir.file("a.json")));
}

TEST(Outputs, DashWritesJsonOrCsvToStandardOutputAndProgressStaysOnStderr) {
  const test::CliRun j = test::run_cli({"plan", kScan, "--json", "-"}, 60);
  ASSERT_EQ(j.exit_code, 0) << j.err;
  EXPECT_EQ(j.out.rfind("{", 0), 0u) << j.out.substr(0, 200);
  EXPECT_EQ(j.out.back(), '\n');
  EXPECT_NE(j.err.find("[contour] import"), std::string::npos);
  const test::CliRun c = test::run_cli({"plan", kScan, "--csv", "-", "--quiet"}, 60);
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(c.out.find("region"), std::string::npos);
  EXPECT_EQ(c.out.find("{"), std::string::npos);
}

TEST(Outputs, SymlinkIsFollowedAndItsTargetReplaced) {
  TempDir dir;
  const std::string real = dir.file("real.json"), link = dir.file("link.json");
  test::write_bytes(real, "old");
  fs::create_symlink("real.json", link);
  const std::string dangling = dir.file("dangling.csv");
  fs::create_symlink("made.csv", dangling);
  const test::CliRun r = test::run_cli({"plan", kScan, "--json", link, "--csv", dangling, "--quiet"}, 60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_TRUE(fs::is_symlink(dangling));
  EXPECT_EQ(test::read_bytes(real).rfind("{", 0), 0u);
  EXPECT_TRUE(fs::is_regular_file(dir.file("made.csv")));
  // Nothing else left behind (no temporaries).
  EXPECT_EQ(dir.entries(), (std::set<std::string>{"real.json", "link.json", "dangling.csv", "made.csv"}));
}

TEST(Outputs, DevicesAreWrittenDirectlyNeverReplaced) {
  const test::CliRun ok = test::run_cli({"plan", kScan, "--json", "/dev/null", "--csv", "/dev/null", "--quiet"}, 60);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  if (::access("/dev/full", W_OK) == 0) {
    TempDir dir;
    const test::CliRun full = test::run_cli({"plan", kScan, "--json", dir.file("p.json"), "--csv", "/dev/full", "--quiet"}, 60);
    EXPECT_EQ(full.exit_code, 1) << full.err;
    EXPECT_NE(full.err.find("/dev/full"), std::string::npos) << full.err;
    ASSERT_EQ(::stat("/dev/full", &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode)) << "/dev/full was replaced";
    // All or none: the JSON of the failed run is not left behind.
    EXPECT_TRUE(dir.entries().empty());
  }
}

TEST(Outputs, AFailedRunLeavesNoneOfItsOutputsAndOldOnesIntact) {
  TempDir dir;
  const std::string json = dir.file("p.json"), csv = dir.file("p.csv"), lm = dir.file("lm.json");
  test::write_bytes(json, "previous");
  test::write_bytes(lm, R"({"left":{"dip_z_mm":700}})");
  const test::CliRun r = test::run_cli({"plan", kScan, "--json", json, "--csv", csv, "--landmarks", lm, "--quiet"}, 60);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(test::read_bytes(json), "previous");
  EXPECT_FALSE(fs::exists(csv));
  EXPECT_EQ(dir.entries(), (std::set<std::string>{"p.json", "lm.json"}));
}

TEST(Outputs, TemporariesOfAKilledRunAreCleanedByTheNextRun) {
  TempDir dir;
  // A temporary as a killed run leaves it: its process (pid 2^22 + 1 is above pid_max's
  // default) no longer exists. One of a live process (ours) is kept.
  const std::string stale = dir.file(".p.json.contour-tmp-4194305-123");
  const std::string live = dir.file(".p.json.contour-tmp-" + std::to_string(::getpid()) + "-5");
  test::write_bytes(stale, "partial");
  test::write_bytes(live, "in progress");
  const test::CliRun r = test::run_cli({"plan", kScan, "--json", dir.file("p.json"), "--quiet"}, 60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(live));
}

TEST(Outputs, NonUtf8FileNamesWorkAndJsonCarriesThemAsReplacementCharacters) {
  TempDir dir;
  const std::string name = dir.file("scan-\xff\xfe-\xc3(.ply");
  fs::copy_file(kScan, name);
  const std::string json = dir.file("out-\xff.json"), csv = dir.file("out-\xfe.csv");
  const test::CliRun r = test::run_cli({"plan", name, "--json", json, "--csv", csv, "--quiet"}, 60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = test::read_bytes(json);
  EXPECT_NE(text.find("scan-\xEF\xBF\xBD\xEF\xBF\xBD-\xEF\xBF\xBD(.ply"), std::string::npos);
  const test::CliRun info = test::run_cli({"info", name}, 60);
  EXPECT_EQ(info.exit_code, 0) << info.err;
}

TEST(Resources, RunningOutOfMemoryIsOneLineNamingTheScan) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer reserves more address space than the limit allows";
#endif
  // 90-130 MB of address space: enough to start and read the options, not to plan this scan.
  // Which allocation fails first moves with the build (reading the file, a worker thread's
  // stack, the plan's arrays), so several limits are tried: each run must end in one line
  // naming the scan, and at least one must be the plan running out of memory.
  int out_of_memory = 0;
  for (const char* limit : {"90000", "100000", "110000", "120000", "130000"}) {
    const test::CliRun r = test::run_program(
        "/bin/sh", {"-c", std::string("ulimit -v ") + limit + "; exec \"$0\" plan \"$1\" --quiet", CONTOUR_CLI_PATH, kScan},
        60);
    SCOPED_TRACE(std::string("ulimit -v ") + limit);
    EXPECT_EQ(r.signal, 0) << r.err;
    if (r.exit_code == 0) continue;  // the limit was enough
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(test::count_lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find(kScan), std::string::npos) << r.err;
    out_of_memory += r.err.find("out of memory") != std::string::npos;
  }
  EXPECT_GE(out_of_memory, 1) << "no limit made the plan itself run out of memory";
}

TEST(Resources, AThreadThatCannotStartIsOneLineNamingTheScan) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer's runtime must come first in the library list; no preload";
#endif
  // Every pthread_create fails with EAGAIN, as on a machine or container out of threads.
  const std::string preload = CONTOUR_FAIL_THREAD_START_PATH;
  const test::CliRun r = test::run_program(
      "/bin/sh", {"-c", "LD_PRELOAD=\"$1\" exec \"$0\" plan \"$2\" --quiet", CONTOUR_CLI_PATH, preload, kScan}, 60);
  EXPECT_EQ(r.signal, 0) << r.err;
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(test::count_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(kScan), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("thread"), std::string::npos) << r.err;
  // A batch goes on: the scan is recorded as failed with that reason, the summary is written.
  TempDir dir;
  fs::create_directory(dir.file("in"));
  fs::copy_file(kScan, dir.file("in/a.ply"));
  const test::CliRun b = test::run_program(
      "/bin/sh", {"-c", "LD_PRELOAD=\"$1\" exec \"$0\" batch \"$2\" --out \"$3\"", CONTOUR_CLI_PATH, preload,
                  dir.file("in"), dir.file("out")}, 60);
  EXPECT_EQ(b.signal, 0) << b.err;
  EXPECT_EQ(b.exit_code, 1) << b.err;
  EXPECT_NE(b.err.find("thread"), std::string::npos) << b.err;
}

// ---- exit codes ----

TEST(ExitCodes, AnInvalidOptionValueIsAUsageErrorInEveryCommand) {
  TempDir dir;
  fs::create_directory(dir.file("in"));
  const std::vector<std::vector<std::string>> cases = {
      {"plan", kScan, "--resorption", "0.97"},
      {"plan", kScan, "--resorption", "nan"},
      {"plan", kScan, "--yield", "nan"},
      {"plan", kScan, "--correction", "nan"},
      {"plan", kScan, "--smoothness", "NaN"},
      {"plan", kScan, "--max-edge", "inf"},
      {"plan", kScan, "--bmi", "nan"},
      {"plan", kScan, "--max-session-ml", "nan"},
      {"report", kScan, "--out", dir.file("r.html"), "--resorption", "0.97", "--no-images"},
      {"batch", dir.file("in"), "--out", dir.file("out"), "--resorption", "0.97"},
      {"batch", dir.file("in"), "--out", dir.file("out"), "--correction", "nan"},
      {"batch", dir.file("in"), "--out", dir.file("out"), "--shard", ""},
      {"phantom", dir.file("ph.ply"), "--depth", "nan"},
  };
  for (const auto& args : cases) {
    SCOPED_TRACE(args[0] + " " + args[args.size() - 2] + " " + args.back());
    const test::CliRun r = test::run_cli(args, 60);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_FALSE(r.timed_out);
  }
}

}  // namespace
}  // namespace contour
