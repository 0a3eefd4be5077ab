#pragma once
// Discovery of the scans in a folder, in a deterministic order.
#include <string>
#include <vector>

namespace contour {

struct FindScansOptions {
  bool recursive = false;  ///< also look in subfolders (symbolic links to folders are not followed)
  /// File extensions taken as scans, lower case with the dot; matched case-insensitively.
  std::vector<std::string> extensions = {".ply", ".obj", ".stl", ".vtp", ".vtk"};
  /// A folder (e.g. the batch's output folder inside the input folder) whose contents are
  /// never returned; empty = none.
  std::string skip_folder;
};

/// Regular files (or links to them) with a scan extension under `folder`, as '/'-separated
/// paths relative to `folder`, sorted by byte value. Hidden files and folders (name starting
/// with '.') are ignored: they include the temporary files of atomic writes.
/// Throws InvalidInput if `folder` does not exist or is not a folder, IoError if it cannot be
/// listed.
[[nodiscard]] std::vector<std::string> find_scans(const std::string& folder, const FindScansOptions& options = {});

/// An entry with a scan's name that cannot be read as a scan file.
struct UnreadableEntry {
  std::string file;    ///< relative to the folder, '/'-separated
  std::string reason;  ///< e.g. "a dangling symbolic link", "a FIFO, not a regular file"
};

struct FoundScans {
  std::vector<std::string> scans;           ///< as find_scans
  std::vector<UnreadableEntry> unreadable;  ///< sorted by file; never opened (a FIFO does not block)
};

/// find_scans, and the entries with a scan extension that are not readable regular files
/// (dangling or looping links, FIFOs, sockets, devices, folders, files without read permission).
[[nodiscard]] FoundScans find_scan_entries(const std::string& folder, const FindScansOptions& options = {});

}  // namespace contour
