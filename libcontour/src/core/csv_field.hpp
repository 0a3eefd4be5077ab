#pragma once
// Internal: one CSV field (RFC 4180), for the CSV writers.
#include <string>

namespace contour::detail {

/// The text as one CSV field: quoted, with its quotes doubled, when it holds a comma, a quote
/// or a line break; as it is otherwise.
inline std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace contour::detail
