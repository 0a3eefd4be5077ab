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

}  // namespace contour::detail
