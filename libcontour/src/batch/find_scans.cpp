#include "contour/batch/find_scans.hpp"

#include "contour/core/errors.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

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
  std::error_code ec;
  const fs::path root(folder);
  if (!fs::exists(root, ec)) throw InvalidInput(folder + ": no such folder");
  if (!fs::is_directory(root, ec)) throw InvalidInput(folder + ": not a folder");
  fs::path skip;
  if (!options.skip_folder.empty() && fs::exists(options.skip_folder, ec))
    skip = fs::weakly_canonical(options.skip_folder, ec);

  std::vector<std::string> out;
  auto consider = [&](const fs::directory_entry& e) {
    if (is_hidden(e.path())) return;
    std::error_code fec;
    if (!e.is_regular_file(fec)) return;
    if (std::find(options.extensions.begin(), options.extensions.end(), lower(e.path().extension().string())) ==
        options.extensions.end())
      return;
    out.push_back(e.path().lexically_relative(root).generic_string());
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
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace contour
