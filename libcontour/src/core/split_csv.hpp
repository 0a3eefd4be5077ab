#pragma once
// RFC 4180 CSV records (quoted fields, doubled quotes, CRLF or LF), for the CSV files contour
// reads back: batch summaries and follow-up pair lists.
#include "contour/core/errors.hpp"

#include <string>
#include <utility>
#include <vector>

namespace contour::detail {

/// RFC 4180 records; each with the line it starts on.
inline std::vector<std::pair<int, std::vector<std::string>>> split_csv(const std::string& text, const std::string& source) {
  std::vector<std::pair<int, std::vector<std::string>>> rows;
  std::vector<std::string> row;
  std::string field;
  bool in_quotes = false, field_started = false;
  int line = 1, row_line = 1;
  auto end_field = [&] {
    row.push_back(field);
    field.clear();
    field_started = false;
  };
  auto end_row = [&] {
    end_field();
    if (!(row.size() == 1 && row[0].empty())) rows.emplace_back(row_line, row);
    row.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      in_quotes = field_started = true;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      ++line;
      row_line = line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (in_quotes) throw InvalidInput(source + ":" + std::to_string(row_line) + ": quoted field not closed");
  if (!field.empty() || !row.empty()) end_row();
  return rows;
}

}  // namespace contour::detail
