#pragma once
// Content fingerprints, so that a re-run can tell whether a scan (or an options file) changed.
#include <cstdint>
#include <string>
#include <string_view>

namespace contour {

/// 64-bit FNV-1a of `bytes`, continuing from `state` (the FNV offset basis by default), so a
/// long input can be hashed in pieces. Not cryptographic: it detects changes, not tampering.
[[nodiscard]] std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t state = 0xcbf29ce484222325ULL);

/// `value` as 16 lower-case hex digits.
[[nodiscard]] std::string hex64(std::uint64_t value);

struct FileFingerprint {
  std::uint64_t size_bytes = 0;
  std::int64_t mtime_ns = 0;   ///< last modification, ns since the Unix epoch
  std::uint64_t fnv1a64 = 0;   ///< of the whole content
};

/// Size and modification time only (cheap: no read). Throws IoError naming the path.
[[nodiscard]] FileFingerprint stat_file(const std::string& path);

/// Size, modification time and the FNV-1a 64 of the content (reads the whole file in pieces).
/// Throws IoError naming the path if it cannot be read.
[[nodiscard]] FileFingerprint fingerprint_file(const std::string& path);

}  // namespace contour
