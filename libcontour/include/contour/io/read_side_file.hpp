#pragma once
// Reading the small side files a plan uses (donors JSON, landmarks JSON, any other JSON or CSV
// the tools read): regular files only, size-capped before reading, never blocking.
#include <cstddef>
#include <string>

namespace contour {

/// The cap on a side file: 1 MiB. A real donors or landmarks file is well under 10 KiB.
inline constexpr std::size_t side_file_max_bytes = std::size_t{1} << 20;

/// Reads the whole of a side file. `what` names the file's role for messages ("donors file").
/// The file is opened without blocking (a FIFO with no writer does not hang), must be a regular
/// file (not a folder, FIFO, socket or device such as /dev/zero) and at most `max_bytes` long;
/// the size is checked with fstat before anything is read and again while reading (a file that
/// grows is still capped). Throws IoError "<path>: <what> ..." naming the reason.
[[nodiscard]] std::string read_side_file(const std::string& path, const std::string& what,
                                         std::size_t max_bytes = side_file_max_bytes);

}  // namespace contour
