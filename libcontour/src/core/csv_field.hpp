#pragma once
// Internal: one CSV field (RFC 4180), for the CSV writers.
#include "core/valid_utf8.hpp"

#include <string>

namespace contour::detail {

/// The text as one CSV field: quoted, with its quotes doubled, when it holds a comma, a quote
/// or a line break; as it is otherwise. Bytes that are not valid UTF-8 (a file name can hold any)
/// become U+FFFD, so the CSV is always UTF-8.
inline std::string csv_field(const std::string& raw) {
  const std::string text = valid_utf8(raw);
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace contour::detail
