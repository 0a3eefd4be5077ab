#pragma once
// The library's version (CMake's project version), e.g. for keys that must change when the
// library does.

namespace contour {

/// "0.1.0": the version libcontour was built as.
[[nodiscard]] const char* library_version();

}  // namespace contour
