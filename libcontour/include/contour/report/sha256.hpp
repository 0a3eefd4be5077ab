#pragma once
// SHA-256 (FIPS 180-4) of a file's content, so a report names exactly which scan it was made
// from: the same hash on the chart and on the file means the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>

namespace contour {

/// SHA-256 of `size` bytes as 64 lower-case hex digits.
[[nodiscard]] std::string sha256_hex(const std::uint8_t* data, std::size_t size);

/// SHA-256 of the whole file (read in pieces) as 64 lower-case hex digits. Throws IoError naming
/// the path if it cannot be opened or read.
[[nodiscard]] std::string sha256_file(const std::string& path);

}  // namespace contour
