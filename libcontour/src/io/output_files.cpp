#include "contour/io/output_files.hpp"

#include "contour/core/errors.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace contour {

namespace fs = std::filesystem;

namespace {

constexpr const char* tmp_marker = ".contour-tmp-";

std::string err() { return std::strerror(errno); }

std::string where(const OutputRequest& r) {
  return (r.option.empty() ? std::string() : r.option + " ") + r.path;
}

[[noreturn]] void refuse(const OutputRequest& r, const std::string& why) { throw InvalidInput(where(r) + ": " + why); }

/// Follows the symlinks of `path` (at most 40) to the name that would be written.
std::string follow_links(const OutputRequest& r) {
  fs::path p = r.path;
  for (int hop = 0; hop < 40; ++hop) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return p.string();
    std::error_code ec;
    const fs::path t = fs::read_symlink(p, ec);
    if (ec) refuse(r, "cannot read the symbolic link " + p.string() + ": " + ec.message());
    p = t.is_absolute() ? t : p.parent_path() / t;
  }
  refuse(r, "too many levels of symbolic links");
}

bool process_alive(long pid) {
  if (pid <= 0) return false;
  if (::kill(static_cast<pid_t>(pid), 0) == 0) return true;
  return errno == EPERM;  // someone else's process: alive
}

std::string folder_of(const std::string& file) {
  const fs::path p(file);
  return p.has_parent_path() && !p.parent_path().empty() ? p.parent_path().string() : std::string(".");
}

std::string temporary_name(const std::string& file) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  const fs::path p(file);
  const std::string dir = folder_of(file);
  return (fs::path(dir) / ("." + p.filename().string() + tmp_marker + std::to_string(::getpid()) + "-" +
                           std::to_string(rng() % 100000000)))
      .string();
}

void write_all(int fd, const std::string& bytes, const std::string& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError(path + ": write failed: " + err());
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

std::size_t remove_stale_temporaries(const std::string& folder) noexcept {
  std::size_t removed = 0;
  DIR* d = ::opendir(folder.empty() ? "." : folder.c_str());
  if (d == nullptr) return 0;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    const auto at = name.find(tmp_marker);
    if (name.empty() || name[0] != '.' || at == std::string::npos) continue;
    const std::string rest = name.substr(at + std::strlen(tmp_marker));
    char* end = nullptr;
    const long pid = std::strtol(rest.c_str(), &end, 10);
    if (end == rest.c_str() || *end != '-' || process_alive(pid)) continue;
    const std::string full = (fs::path(folder.empty() ? "." : folder) / name).string();
    struct stat st {};
    if (::lstat(full.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::unlink(full.c_str()) == 0) ++removed;
  }
  ::closedir(d);
  return removed;
}

ResolvedOutput resolve_output(const OutputRequest& r) {
  ResolvedOutput out{r.option, r.path, OutputKind::regular_file, r.path};
  if (r.path.empty()) refuse(r, "empty output path");
  if (r.path == "-") {
    if (!r.stdout_allowed) refuse(r, "\"-\" (standard output) is accepted only for --json and --csv");
    out.kind = OutputKind::standard_output;
    return out;
  }
  struct stat st {};
  if (::stat(r.path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) refuse(r, "is a folder; give a file name");
    if (S_ISSOCK(st.st_mode)) refuse(r, "is a socket; refusing to write to it");
    if (S_ISBLK(st.st_mode)) refuse(r, "is a block device; refusing to write to it");
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
      if (::access(r.path.c_str(), W_OK) != 0) refuse(r, "is not writable: " + err());
      out.kind = OutputKind::special_file;
      return out;
    }
    if (!S_ISREG(st.st_mode)) refuse(r, "is not a regular file");
  } else if (errno != ENOENT) {
    refuse(r, "cannot be used: " + err());
  }
  out.file = follow_links(r);
  const std::string dir = folder_of(out.file);
  struct stat ds {};
  if (::stat(dir.c_str(), &ds) != 0 || !S_ISDIR(ds.st_mode)) refuse(r, "the folder " + dir + " does not exist");
  if (::access(dir.c_str(), W_OK | X_OK) != 0) refuse(r, "the folder " + dir + " is not writable: " + err());
  return out;
}

std::vector<ResolvedOutput> resolve_outputs(const std::vector<OutputRequest>& requests,
                                            const std::vector<std::string>& inputs) {
  std::vector<ResolvedOutput> out;
  for (const OutputRequest& r : requests) out.push_back(resolve_output(r));
  for (std::size_t i = 0; i < out.size(); ++i) {
    const ResolvedOutput& a = out[i];
    const OutputRequest& ra = requests[i];
    if (a.kind == OutputKind::regular_file) {
      struct stat sa {};
      const bool exists = ::stat(a.file.c_str(), &sa) == 0;
      for (const std::string& in : inputs) {
        if (in.empty() || in == "-") continue;
        struct stat si {};
        if (exists && ::stat(in.c_str(), &si) == 0 && si.st_dev == sa.st_dev && si.st_ino == sa.st_ino)
          refuse(ra, "is the input " + in + "; refusing to overwrite an input");
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      const ResolvedOutput& b = out[j];
      bool same = false;
      if (a.kind == OutputKind::standard_output && b.kind == OutputKind::standard_output) same = true;
      if (a.kind == OutputKind::regular_file && b.kind == OutputKind::regular_file) {
        std::error_code e1, e2;
        const fs::path ca = fs::weakly_canonical(fs::absolute(a.file, e1), e1);
        const fs::path cb = fs::weakly_canonical(fs::absolute(b.file, e2), e2);
        same = !e1 && !e2 ? ca == cb : a.file == b.file;
      }
      if (same) refuse(ra, "is also the path of " + (b.option.empty() ? b.path : b.option) + "; give each output its own file");
    }
  }
  for (const ResolvedOutput& a : out)
    if (a.kind == OutputKind::regular_file) (void)remove_stale_temporaries(folder_of(a.file));
  return out;
}

OutputTransaction::OutputTransaction(std::vector<ResolvedOutput> outputs)
    : outputs_(std::move(outputs)),
      temporaries_(outputs_.size()),
      buffers_(outputs_.size()),
      staged_(outputs_.size(), false) {}

OutputTransaction::~OutputTransaction() {
  if (!committed_) roll_back();
}

void OutputTransaction::roll_back() noexcept {
  for (std::string& t : temporaries_)
    if (!t.empty()) ::unlink(t.c_str()), t.clear();
  for (const std::string& f : placed_) ::unlink(f.c_str());
  placed_.clear();
}

void OutputTransaction::stage(std::size_t i, const std::function<void(std::ostream&)>& write, bool binary) {
  const ResolvedOutput& o = outputs_.at(i);
  if (o.kind != OutputKind::regular_file) {
    std::ostringstream s(binary ? std::ios::out | std::ios::binary : std::ios::out);
    write(s);
    buffers_[i] = std::move(s).str();
    staged_[i] = true;
    return;
  }
  if (!temporaries_[i].empty()) ::unlink(temporaries_[i].c_str());
  const std::string tmp = temporary_name(o.file);
  temporaries_[i] = tmp;
  try {
    std::ofstream f(tmp, binary ? std::ios::binary | std::ios::trunc : std::ios::trunc);
    if (!f) throw IoError(o.path + ": cannot create a temporary file in " + folder_of(o.file) + ": " + err());
    f.exceptions(std::ios::badbit | std::ios::failbit);
    write(f);
    f.flush();
    f.close();
  } catch (const std::ios_base::failure&) {
    throw IoError(o.path + ": write failed (disk full or not writable?)");
  }
  // A replaced file keeps its permissions.
  struct stat st {};
  if (::stat(o.file.c_str(), &st) == 0 && S_ISREG(st.st_mode)) ::chmod(tmp.c_str(), st.st_mode & 07777);
  staged_[i] = true;
}

void OutputTransaction::commit() {
  try {
    // Devices and standard output first: they are where a write most often fails (/dev/full, a
    // closed pipe), and they cannot be taken back, so nothing has been renamed yet if they fail.
    for (std::size_t i = 0; i < outputs_.size(); ++i) {
      if (!staged_[i] || outputs_[i].kind == OutputKind::regular_file) continue;
      const ResolvedOutput& o = outputs_[i];
      if (o.kind == OutputKind::standard_output) {
        std::cout.flush();
        std::fflush(stdout);
        write_all(STDOUT_FILENO, buffers_[i], "- (standard output)");
        continue;
      }
      // O_NONBLOCK: a FIFO without a reader fails (ENXIO) instead of waiting; no O_CREAT, O_TRUNC.
      const int fd = ::open(o.path.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
      if (fd < 0)
        throw IoError(o.path + ": cannot open for writing: " + (errno == ENXIO ? std::string("no reader on the FIFO") : err()));
      const int flags = ::fcntl(fd, F_GETFL);
      if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
      try {
        write_all(fd, buffers_[i], o.path);
      } catch (...) {
        ::close(fd);
        throw;
      }
      if (::close(fd) != 0 && errno != EINTR) throw IoError(o.path + ": write failed: " + err());
    }
    // Regular files: keep a hard link to each file being replaced until all are in place, so a
    // failed rename can put the old contents back.
    std::vector<std::pair<std::string, std::string>> backups;  // file, backup
    try {
      for (std::size_t i = 0; i < outputs_.size(); ++i) {
        if (!staged_[i] || outputs_[i].kind != OutputKind::regular_file) continue;
        const ResolvedOutput& o = outputs_[i];
        struct stat st {};
        if (::lstat(o.file.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
          const std::string bak = temporary_name(o.file);
          if (::link(o.file.c_str(), bak.c_str()) == 0) backups.emplace_back(o.file, bak);
        }
        if (::rename(temporaries_[i].c_str(), o.file.c_str()) != 0)
          throw IoError(o.path + ": cannot rename the temporary file into place: " + err());
        temporaries_[i].clear();
        placed_.push_back(o.file);
      }
    } catch (...) {
      for (const std::string& f : placed_) ::unlink(f.c_str());
      placed_.clear();
      for (const auto& [file, bak] : backups) ::rename(bak.c_str(), file.c_str());
      throw;
    }
    for (const auto& b : backups) ::unlink(b.second.c_str());
    committed_ = true;
    placed_.clear();
  } catch (...) {
    roll_back();
    throw;
  }
}

}  // namespace contour
