// Issue 12: side files are read only when regular and small (no hang on a FIFO, no unbounded
// read of /dev/zero); outputs are resolved before any work and written all or none, following
// symlinks, writing devices and FIFOs directly, never renaming over them.
#include "contour/core/errors.hpp"
#include "contour/io/output_files.hpp"
#include "contour/io/read_side_file.hpp"
#include "contour/io/write_mesh.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace contour {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

TEST(ReadSideFile, ReadsARegularFileAndRefusesEverythingElseAtOnce) {
  TempDir dir;
  const std::string ok = dir.file("ok.json");
  test::write_bytes(ok, "{}");
  EXPECT_EQ(read_side_file(ok, "donors file"), "{}");
  const std::string fifo = dir.file("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto t0 = std::chrono::steady_clock::now();
  for (const std::string& bad : {fifo, std::string("/dev/zero"), std::string("/dev/null"), dir.path().string(),
                                 dir.file("missing"), std::string()}) {
    SCOPED_TRACE(bad);
    try {
      (void)read_side_file(bad, "donors file");
      ADD_FAILURE() << "accepted";
    } catch (const IoError& e) {
      if (!bad.empty()) EXPECT_EQ(std::string(e.what()).rfind(bad + ": ", 0), 0u) << e.what();
    }
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
}

TEST(ReadSideFile, TheSizeCapIsCheckedBeforeReading) {
  TempDir dir;
  const std::string big = dir.file("big.json");
  test::write_bytes(big, std::string(101, 'x'));
  EXPECT_EQ(read_side_file(big, "f", 101).size(), 101u);
  EXPECT_THROW((void)read_side_file(big, "f", 100), IoError);
  EXPECT_EQ(side_file_max_bytes, 1u << 20);
}

TEST(ResolveOutputs, RefusesWhatCannotBeWrittenAndNamesTheOption) {
  TempDir dir;
  const std::string in = dir.file("scan.ply");
  test::write_bytes(in, "ply");
  fs::create_hard_link(in, dir.file("hard.ply"));
  fs::create_symlink("loop1", dir.file("loop2"));
  fs::create_symlink("loop2", dir.file("loop1"));
  const std::vector<OutputRequest> bad = {
      {"--json", dir.file("none/x.json")}, {"--json", dir.path().string()}, {"--json", "-"},
      {"--json", ""},                      {"--target", in},                {"--target", dir.file("hard.ply")},
      {"--json", dir.file("loop1")},
  };
  for (const OutputRequest& r : bad) {
    SCOPED_TRACE(r.path);
    try {
      (void)resolve_outputs({r}, {in});
      ADD_FAILURE() << "accepted";
    } catch (const InvalidInput& e) {
      EXPECT_EQ(std::string(e.what()).rfind(r.option + " " + r.path, 0), 0u) << e.what();
    }
  }
  EXPECT_THROW((void)resolve_outputs({{"--json", dir.file("a")}, {"--csv", dir.file("sub/../a")}}), InvalidInput)
      << "sub does not exist, but the path names the same file";
  fs::create_directory(dir.file("sub"));
  EXPECT_THROW((void)resolve_outputs({{"--json", dir.file("a")}, {"--csv", dir.file("sub/../a")}}), InvalidInput);
  EXPECT_THROW((void)resolve_outputs({{"--json", "-", true}, {"--csv", "-", true}}), InvalidInput);
  // Devices may repeat.
  const auto two = resolve_outputs({{"--json", "/dev/null"}, {"--csv", "/dev/null"}});
  EXPECT_EQ(two[0].kind, OutputKind::special_file);
}

TEST(OutputTransaction, AllOrNone) {
  TempDir dir;
  const std::string a = dir.file("a.txt"), b = dir.file("b.txt");
  test::write_bytes(a, "old a");
  {
    OutputTransaction t(resolve_outputs({{"a", a}, {"b", b}}));
    t.stage(0, [](std::ostream& o) { o << "new a"; });
    EXPECT_THROW(t.stage(1, [](std::ostream&) { throw IoError("b: failed"); }), IoError);
  }
  EXPECT_EQ(test::read_bytes(a), "old a");
  EXPECT_EQ(dir.entries(), (std::set<std::string>{"a.txt"}));
  {
    OutputTransaction t(resolve_outputs({{"a", a}, {"b", b}}));
    t.stage(0, [](std::ostream& o) { o << "new a"; });
    t.stage(1, [](std::ostream& o) { o << "new b"; });
    t.commit();
  }
  EXPECT_EQ(test::read_bytes(a), "new a");
  EXPECT_EQ(test::read_bytes(b), "new b");
  EXPECT_EQ(dir.entries(), (std::set<std::string>{"a.txt", "b.txt"}));
}

TEST(OutputTransaction, AFailingDeviceLeavesNoRegularFileBehind) {
  if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  TempDir dir;
  const std::string a = dir.file("a.txt");
  OutputTransaction t(resolve_outputs({{"a", a}, {"full", "/dev/full"}}));
  t.stage(0, [](std::ostream& o) { o << "a"; });
  t.stage(1, [](std::ostream& o) { o << "b"; });
  EXPECT_THROW(t.commit(), IoError);
  EXPECT_TRUE(dir.entries().empty());
  struct stat st {};
  ASSERT_EQ(::stat("/dev/full", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST(OutputTransaction, AFifoWithAReaderIsWrittenAndOneWithoutIsRefusedWithoutHanging) {
  TempDir dir;
  const std::string fifo = dir.file("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // No reader: ENXIO at once.
  {
    OutputTransaction t(resolve_outputs({{"--json", fifo}}));
    t.stage(0, [](std::ostream& o) { o << "x"; });
    EXPECT_THROW(t.commit(), IoError);
  }
  std::string got;
  const int rfd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(rfd, 0);
  {
    OutputTransaction t(resolve_outputs({{"--json", fifo}}));
    t.stage(0, [](std::ostream& o) { o << "{\"a\": 1}\n"; });
    t.commit();
  }
  char buf[64];
  const ssize_t n = ::read(rfd, buf, sizeof buf);
  ::close(rfd);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf, static_cast<std::size_t>(n)), "{\"a\": 1}\n");
  struct stat st {};
  ASSERT_EQ(::stat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the FIFO was renamed over";
}

TEST(WriteFileAtomically, FollowsSymlinksAndKeepsPermissions) {
  TempDir dir;
  const std::string real = dir.file("real.txt"), link = dir.file("link.txt");
  test::write_bytes(real, "old");
  ::chmod(real.c_str(), 0640);
  fs::create_symlink("real.txt", link);
  write_file_atomically(link, [](std::ostream& o) { o << "new"; });
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(test::read_bytes(real), "new");
  struct stat st {};
  ASSERT_EQ(::stat(real.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  write_file_atomically("/dev/null", [](std::ostream& o) { o << "gone"; });
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST(RemoveStaleTemporaries, RemovesOnlyThoseOfProcessesThatAreGone) {
  TempDir dir;
  test::write_bytes(dir.file(".x.json.contour-tmp-4194305-1"), "stale");
  test::write_bytes(dir.file(".x.json.contour-tmp-" + std::to_string(::getpid()) + "-2"), "live");
  test::write_bytes(dir.file("x.json.contour-tmp-4194305-3"), "not hidden: not ours");
  EXPECT_EQ(remove_stale_temporaries(dir.path().string()), 1u);
  EXPECT_EQ(dir.entries().size(), 2u);
}

}  // namespace
}  // namespace contour
