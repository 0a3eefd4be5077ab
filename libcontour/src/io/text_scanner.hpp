#pragma once
// A small line/token scanner over an in-memory file, used by the ascii readers.
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>

namespace contour::detail {

class TextScanner {
 public:
  explicit TextScanner(std::string_view text) : text_(text) {}

  /// Next line without its terminator; false at end of text.
  bool next_line(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    const std::size_t end = text_.find('\n', pos_);
    const std::size_t stop = end == std::string_view::npos ? text_.size() : end;
    line = text_.substr(pos_, stop - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = stop + 1;
    ++line_number_;
    return true;
  }
  [[nodiscard]] std::size_t line_number() const { return line_number_; }
  /// True when the current line is the last one and has no line terminator: the file was
  /// most likely cut in the middle of it.
  [[nodiscard]] bool line_unterminated() const { return pos_ > text_.size(); }
  /// "line N" for messages, or "truncated: the file ends inside line N" for a cut last line.
  [[nodiscard]] std::string line_label() const {
    return (line_unterminated() ? "truncated: the file ends inside line " : "line ") + std::to_string(line_number_);
  }
  [[nodiscard]] std::size_t position() const { return pos_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_number_ = 0;
};

/// Splits off the next whitespace-separated token of `s` (s is advanced past it).
inline std::string_view next_token(std::string_view& s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v')) ++i;
  std::size_t j = i;
  while (j < s.size() && !(s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\f' || s[j] == '\v')) ++j;
  std::string_view tok = s.substr(i, j - i);
  s.remove_prefix(j);
  return tok;
}

inline bool parse_double(std::string_view tok, double& out) {
  if (tok.empty()) return false;
  if (tok.front() == '+') tok.remove_prefix(1);
  const auto res = std::from_chars(tok.data(), tok.data() + tok.size(), out);
  return res.ec == std::errc() && res.ptr == tok.data() + tok.size();
}

inline bool parse_long(std::string_view tok, long long& out) {
  if (tok.empty()) return false;
  if (tok.front() == '+') tok.remove_prefix(1);
  const auto res = std::from_chars(tok.data(), tok.data() + tok.size(), out);
  return res.ec == std::errc() && res.ptr == tok.data() + tok.size();
}

/// Printable excerpt of a token for error messages (bounded length, no control bytes).
inline std::string quote_token(std::string_view tok) {
  std::string out = "\"";
  for (std::size_t i = 0; i < tok.size() && i < 32; ++i) {
    const unsigned char c = static_cast<unsigned char>(tok[i]);
    out += (c >= 32 && c < 127) ? static_cast<char>(c) : '?';
  }
  if (tok.size() > 32) out += "...";
  return out + "\"";
}

}  // namespace contour::detail
