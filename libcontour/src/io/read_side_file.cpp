#include "contour/io/read_side_file.hpp"

#include "contour/core/errors.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace contour {

namespace {

const char* kind_of(mode_t m) {
  if (S_ISDIR(m)) return "a folder";
  if (S_ISFIFO(m)) return "a FIFO (named pipe)";
  if (S_ISSOCK(m)) return "a socket";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  return "not a regular file";
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string read_side_file(const std::string& path, const std::string& what, std::size_t max_bytes) {
  if (path.empty()) throw IoError("(empty path): " + what + ": no file name given");
  // O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer.
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (f.fd < 0) throw IoError(path + ": cannot open the " + what + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) throw IoError(path + ": cannot stat the " + what + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode))
    throw IoError(path + ": the " + what + " is " + kind_of(st.st_mode) + "; give a regular file");
  if (static_cast<unsigned long long>(st.st_size) > max_bytes)
    throw IoError(path + ": the " + what + " is " + std::to_string(st.st_size) + " bytes, more than the " +
                  std::to_string(max_bytes) + "-byte limit for side files");
  std::string text;
  text.reserve(static_cast<std::size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(f.fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError(path + ": error while reading the " + what + ": " + std::strerror(errno));
    }
    if (n == 0) break;
    if (text.size() + static_cast<std::size_t>(n) > max_bytes)
      throw IoError(path + ": the " + what + " grew past the " + std::to_string(max_bytes) +
                    "-byte limit for side files while being read");
    text.append(buf, static_cast<std::size_t>(n));
  }
  return text;
}

}  // namespace contour
