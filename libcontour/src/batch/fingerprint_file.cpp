#include "contour/batch/fingerprint_file.hpp"

#include "contour/core/errors.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sys/stat.h>
#include <vector>

namespace contour {

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t state) {
  constexpr std::uint64_t prime = 0x100000001b3ULL;
  for (const char c : bytes) {
    state ^= static_cast<unsigned char>(c);
    state *= prime;
  }
  return state;
}

std::string hex64(std::uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value));
  return buf;
}

FileFingerprint stat_file(const std::string& path) {
  // POSIX stat rather than std::filesystem::last_write_time: its clock's epoch is not the Unix
  // epoch in C++17, and the record should hold a time a person can read.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw IoError(path + ": cannot read the file's size and time: " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw IoError(path + ": not a regular file");
  FileFingerprint fp;
  fp.size_bytes = static_cast<std::uint64_t>(st.st_size);
#ifdef __APPLE__
  const timespec t = st.st_mtimespec;
#else
  const timespec t = st.st_mtim;
#endif
  fp.mtime_ns = static_cast<std::int64_t>(t.tv_sec) * 1000000000LL + t.tv_nsec;
  return fp;
}

FileFingerprint fingerprint_file(const std::string& path) {
  FileFingerprint fp = stat_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open: " + std::strerror(errno));
  std::vector<char> buf(1 << 20);
  std::uint64_t h = fnv1a64({});
  std::uint64_t total = 0;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const std::streamsize n = in.gcount();
    if (n <= 0) break;
    h = fnv1a64(std::string_view(buf.data(), static_cast<std::size_t>(n)), h);
    total += static_cast<std::uint64_t>(n);
  }
  if (in.bad()) throw IoError(path + ": read error");
  fp.fnv1a64 = h;
  fp.size_bytes = total;  // what was hashed, should the file have changed since the stat
  return fp;
}

}  // namespace contour
