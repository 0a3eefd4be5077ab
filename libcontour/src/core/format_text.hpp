#pragma once
// Internal: printf-style formatting into a std::string, for the text reports.
#include <cstdarg>
#include <cstdio>
#include <string>

namespace contour::detail {

inline std::string format_text(const char* format, ...) {
  char buf[1024];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  return buf;
}

/// v with `digits` decimals ("%.*f").
inline std::string fixed(double v, int digits) { return format_text("%.*f", digits, v); }

}  // namespace contour::detail
