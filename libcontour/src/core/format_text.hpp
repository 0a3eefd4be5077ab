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

/// A message on one line: an exception text may quote a file's bytes, line breaks included.
inline std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

/// A volume in mL for a CSV cell: two decimals, and "-0.00" written as "0.00" (the same volume;
/// a summary that is compared byte for byte must not depend on the sign of a rounded zero).
inline std::string csv_ml(double v) {
  const std::string text = format_text("%.2f", v);
  return text == "-0.00" ? "0.00" : text;
}

}  // namespace contour::detail
