#include "contour/batch/find_scans.hpp"

#include "contour/core/errors.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace contour {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

}  // namespace

std::vector<std::string> find_scans(const std::string& folder, const FindScansOptions& options) {
  return find_scan_entries(folder, options).scans;
}

FoundScans find_scan_entries(const std::string& folder, const FindScansOptions& options) {
  std::error_code ec;
  const fs::path root(folder);
  if (!fs::exists(root, ec)) throw InvalidInput(folder + ": no such folder");
  if (!fs::is_directory(root, ec)) throw InvalidInput(folder + ": not a folder");
  fs::path skip;
  if (!options.skip_folder.empty() && fs::exists(options.skip_folder, ec))
    skip = fs::weakly_canonical(options.skip_folder, ec);

  FoundScans found;
  auto consider = [&](const fs::directory_entry& e) {
    if (is_hidden(e.path())) return;
    if (std::find(options.extensions.begin(), options.extensions.end(), lower(e.path().extension().string())) ==
        options.extensions.end())
      return;
    const std::string rel = e.path().lexically_relative(root).generic_string();
    struct stat st {};
    std::string reason;
    if (::stat(e.path().c_str(), &st) != 0) {
      const int stat_errno = errno;
      struct stat lst {};
      const bool link = ::lstat(e.path().c_str(), &lst) == 0 && S_ISLNK(lst.st_mode);
      reason = stat_errno == ELOOP ? "a symbolic link loop"
               : link              ? "a dangling symbolic link"
                                   : std::string("cannot be examined: ") + std::strerror(stat_errno);
    } else if (S_ISDIR(st.st_mode)) {
      if (options.recursive && !e.is_symlink()) return;  // a folder named x.ply: its scans are listed
      reason = "a folder, not a scan file";
    } else if (S_ISFIFO(st.st_mode)) {
      reason = "a FIFO (named pipe), not a regular file";
    } else if (S_ISSOCK(st.st_mode)) {
      reason = "a socket, not a regular file";
    } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
      reason = "a device, not a regular file";
    } else if (!S_ISREG(st.st_mode)) {
      reason = "not a regular file";
    } else if (::access(e.path().c_str(), R_OK) != 0) {
      reason = std::string("not readable: ") + std::strerror(errno);
    }
    if (reason.empty()) found.scans.push_back(rel);
    else found.unreadable.push_back({rel, reason});
  };

  try {
    if (options.recursive) {
      fs::recursive_directory_iterator it(root, fs::directory_options::none), end;
      for (; it != end; ++it) {
        const fs::directory_entry& e = *it;
        std::error_code dec;
        if (e.is_directory(dec) && !e.is_symlink(dec)) {
          if (is_hidden(e.path()) || (!skip.empty() && fs::weakly_canonical(e.path(), dec) == skip))
            it.disable_recursion_pending();
          continue;
        }
        consider(e);
      }
    } else {
      for (const auto& e : fs::directory_iterator(root)) consider(e);
    }
  } catch (const fs::filesystem_error& e) {
    throw IoError(folder + ": cannot list the folder: " + e.code().message() +
                  (e.path1().empty() ? "" : " (" + e.path1().string() + ")"));
  }
  std::sort(found.scans.begin(), found.scans.end());
  std::sort(found.unreadable.begin(), found.unreadable.end(),
            [](const UnreadableEntry& a, const UnreadableEntry& b) { return a.file < b.file; });
  return found;
}

}  // namespace contour
