// Legacy VTK polydata reader (ascii and binary; file versions up to 4.2 with "POLYGONS n size"
// cell lists and 5.x with OFFSETS/CONNECTIVITY arrays). Our own parser rather than VTK's: VTK's
// legacy reader trusts the counts in the file, so a tiny file declaring a huge cell list makes
// it allocate gigabytes, and a cell whose length points past the list makes it read out of
// bounds and crash. Here every count is checked against the bytes that are actually there.
// Point and cell attributes (POINT_DATA, CELL_DATA and what follows) are not needed and not read.
#include "io/mesh_builder.hpp"
#include "io/readers.hpp"
#include "io/text_scanner.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

namespace contour::detail {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

/// Bytes per value of a legacy VTK data type, 0 if unknown or unsupported ("bit").
std::size_t vtk_type_size(const std::string& type) {
  const std::string t = upper(type);
  if (t == "UNSIGNED_CHAR" || t == "CHAR" || t == "SIGNED_CHAR") return 1;
  if (t == "UNSIGNED_SHORT" || t == "SHORT") return 2;
  if (t == "UNSIGNED_INT" || t == "INT" || t == "FLOAT") return 4;
  if (t == "UNSIGNED_LONG" || t == "LONG" || t == "DOUBLE" || t == "VTKTYPEINT64" || t == "VTKTYPEUINT64" ||
      t == "VTKIDTYPE")
    return 8;
  return 0;
}

/// A number for a message: integers without decimals.
std::string number(double v) {
  if (std::abs(v) < 9e18 && v == std::trunc(v)) return std::to_string(static_cast<long long>(v));
  return std::to_string(v);
}

class LegacyParser {
 public:
  LegacyParser(const std::string& path, std::string_view data) : path_(path), data_(data) {}

  [[noreturn]] void fail(const std::string& what) const {
    fail_input(path_, "line " + std::to_string(line_) + ": " + what);
  }

  bool at_end() {
    skip_space();
    return pos_ >= data_.size();
  }

  /// Next whitespace-separated token ("" at the end of the file).
  std::string_view token() {
    skip_space();
    const std::size_t start = pos_;
    while (pos_ < data_.size() && !std::isspace(static_cast<unsigned char>(data_[pos_]))) ++pos_;
    return data_.substr(start, pos_ - start);
  }

  long long count(const char* what) {
    const std::string_view tok = token();
    long long n = -1;
    if (!parse_long(tok, n) || n < 0) fail(std::string("expected a count of ") + what + ", got " + quote_token(tok));
    return n;
  }

  /// Rest of the current line (the keyword line's own arguments), consumed with its newline.
  std::string_view rest_of_line() {
    const std::size_t end = data_.find('\n', pos_);
    const std::size_t stop = end == std::string_view::npos ? data_.size() : end;
    std::string_view s = data_.substr(pos_, stop - pos_);
    pos_ = stop;
    if (pos_ < data_.size()) {
      ++pos_;
      ++line_;
    }
    return s;
  }

  /// Reads `n` numbers of `type`. Ascii: whitespace-separated tokens; binary: big-endian values
  /// starting right after the current line. `sink(i, value)` receives each one.
  template <typename Sink>
  void values(long long n, const std::string& type, bool binary, const char* what, Sink&& sink) {
    const std::size_t size = vtk_type_size(type);
    if (size == 0) fail("unsupported data type " + quote_token(type) + " for " + what);
    // Check the count against the bytes left before reading (and before anyone allocates).
    const std::size_t left = data_.size() - std::min(pos_, data_.size());
    const double min_bytes = static_cast<double>(n) * (binary ? static_cast<double>(size) : 2.0) - (binary ? 0.0 : 1.0);
    if (min_bytes > static_cast<double>(left))
      fail("truncated: " + std::to_string(n) + " values of " + what + " are declared but only " + std::to_string(left) +
           " bytes follow");
    if (binary) {
      const bool is_float = upper(type) == "FLOAT" || upper(type) == "DOUBLE";
      const bool is_signed = upper(type).rfind("UNSIGNED", 0) != 0 && upper(type) != "VTKTYPEUINT64";
      for (long long i = 0; i < n; ++i) {
        unsigned char b[8];
        std::memcpy(b, data_.data() + pos_, size);
        pos_ += size;
        std::reverse(b, b + size);  // big-endian in the file; hosts we build on are little-endian
        double v = 0;
        if (is_float) {
          if (size == 4) { float f; std::memcpy(&f, b, 4); v = f; }
          else { std::memcpy(&v, b, 8); }
        } else if (is_signed) {
          std::int64_t x = 0;
          if (size == 1) { std::int8_t t; std::memcpy(&t, b, 1); x = t; }
          else if (size == 2) { std::int16_t t; std::memcpy(&t, b, 2); x = t; }
          else if (size == 4) { std::int32_t t; std::memcpy(&t, b, 4); x = t; }
          else { std::memcpy(&x, b, 8); }
          v = static_cast<double>(x);
        } else {
          std::uint64_t x = 0;
          if (size == 1) { std::uint8_t t; std::memcpy(&t, b, 1); x = t; }
          else if (size == 2) { std::uint16_t t; std::memcpy(&t, b, 2); x = t; }
          else if (size == 4) { std::uint32_t t; std::memcpy(&t, b, 4); x = t; }
          else { std::memcpy(&x, b, 8); }
          v = static_cast<double>(x);
        }
        sink(i, v);
      }
    } else {
      for (long long i = 0; i < n; ++i) {
        const std::string_view tok = token();
        double v = 0;
        if (tok.empty()) fail(std::string("truncated: the file ends inside ") + what);
        if (!parse_double(tok, v)) fail(std::string("expected a number in ") + what + ", got " + quote_token(tok));
        sink(i, v);
      }
    }
  }

  [[nodiscard]] std::size_t position() const { return pos_; }
  void seek(std::size_t pos, std::size_t line) { pos_ = pos; line_ = line; }
  [[nodiscard]] std::size_t line() const { return line_; }

 private:
  void skip_space() {
    while (pos_ < data_.size() && std::isspace(static_cast<unsigned char>(data_[pos_]))) {
      if (data_[pos_] == '\n') ++line_;
      ++pos_;
    }
  }

  const std::string& path_;
  std::string_view data_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

long long to_point_index(double v, long long num_points, LegacyParser& p, const char* what) {
  if (!(v >= 0) || v >= static_cast<double>(num_points) || v != static_cast<double>(static_cast<long long>(v)))
    p.fail(std::string(what) + " refers to point " + number(v) + " but the file has " +
           std::to_string(num_points) + " points");
  return static_cast<long long>(v);
}

}  // namespace

void read_vtk_legacy(const std::string& path, std::string_view data, ReadMeshResult& out) {
  LegacyParser p(path, data);
  const std::string_view version = p.rest_of_line();
  if (version.substr(0, 22) != "# vtk DataFile Version")
    fail_input(path, "not a legacy VTK file (first line must be \"# vtk DataFile Version ...\")");
  (void)p.rest_of_line();  // title
  const std::string encoding = upper(p.token());
  if (encoding != "ASCII" && encoding != "BINARY")
    p.fail("expected ASCII or BINARY, got " + quote_token(encoding));
  const bool binary = encoding == "BINARY";
  out.binary = binary;
  out.encoding = binary ? "binary" : "ascii";
  if (upper(p.token()) != "DATASET") p.fail("expected DATASET POLYDATA");
  const std::string kind = upper(p.token());
  if (kind != "POLYDATA") fail_input(path, "legacy VTK file does not hold POLYDATA (it holds " + quote_token(kind) + ")");
  (void)p.rest_of_line();

  MeshBuilder builder(path);
  long long num_points = -1;
  for (;;) {
    if (p.at_end()) break;
    const std::string key = upper(p.token());
    if (key == "POINT_DATA" || key == "CELL_DATA") break;  // attributes: not needed
    if (key == "POINTS") {
      if (num_points >= 0) p.fail("a second POINTS section");
      num_points = p.count("points");
      const std::string type(p.token());
      (void)p.rest_of_line();
      const std::size_t need = std::max<std::size_t>(vtk_type_size(type), 1);
      if (static_cast<double>(num_points) * 3 * (binary ? need : 2) > static_cast<double>(data.size()))
        p.fail("truncated: " + std::to_string(num_points) + " points are declared but the file has only " +
               std::to_string(data.size()) + " bytes");
      builder.reserve(static_cast<std::size_t>(num_points), 0);
      double xyz[3];
      p.values(3 * num_points, type, binary, "POINTS", [&](long long i, double v) {
        xyz[i % 3] = v;
        if (i % 3 == 2) builder.add_vertex(xyz[0], xyz[1], xyz[2], "point", i / 3);
      });
    } else if (key == "VERTICES" || key == "LINES" || key == "POLYGONS" || key == "TRIANGLE_STRIPS") {
      if (num_points < 0) p.fail(key + " before POINTS");
      const long long a = p.count("cells"), b = p.count("cell values");
      (void)p.rest_of_line();
      const bool faces = key == "POLYGONS", strips = key == "TRIANGLE_STRIPS";
      auto emit = [&](const std::vector<long long>& cell, long long cell_no) {
        if (faces) {
          builder.add_polygon(cell.data(), cell.size(), -1, "polygon cell", cell_no);
        } else if (strips) {
          for (std::size_t k = 0; k + 2 < cell.size(); ++k) {
            long long tri[3] = {cell[k], cell[k + 1], cell[k + 2]};
            if (k % 2 == 1) std::swap(tri[0], tri[1]);
            builder.add_polygon(tri, 3, -1, "strip cell", cell_no);
          }
        }
      };
      // Version 5 layout: OFFSETS (a values) and CONNECTIVITY (b values) arrays follow.
      const std::size_t save = p.position(), save_line = p.line();
      if (upper(p.token()) == "OFFSETS") {
        const std::string otype(p.token());
        (void)p.rest_of_line();
        if (a < 1) p.fail(key + ": the offsets array needs at least one value");
        std::vector<long long> offsets;
        p.values(a, otype, binary, "OFFSETS", [&](long long i, double v) {
          const long long prev = i == 0 ? 0 : offsets.back();
          if (!(v >= static_cast<double>(prev)) || v > static_cast<double>(b) || (i == 0 && v != 0))
            p.fail(key + ": offset " + std::to_string(i) + " = " + number(v) +
                   " is not between the previous offset and the connectivity size " + std::to_string(b));
          offsets.push_back(static_cast<long long>(v));
        });
        if (offsets.back() != b)
          p.fail(key + ": the last offset " + std::to_string(offsets.back()) + " differs from the connectivity size " +
                 std::to_string(b));
        if (upper(p.token()) != "CONNECTIVITY") p.fail(key + ": expected CONNECTIVITY after OFFSETS");
        const std::string ctype(p.token());
        (void)p.rest_of_line();
        std::vector<long long> conn;  // b values, already checked against the bytes present
        conn.reserve(static_cast<std::size_t>(b));
        p.values(b, ctype, binary, "CONNECTIVITY",
                 [&](long long, double v) { conn.push_back(to_point_index(v, num_points, p, key.c_str())); });
        std::vector<long long> cell;
        for (std::size_t c = 0; c + 1 < offsets.size(); ++c) {
          cell.assign(conn.begin() + offsets[c], conn.begin() + offsets[c + 1]);
          emit(cell, static_cast<long long>(c));
        }
      } else {
        // Version <= 4 layout: b values, each cell as "n i0 i1 ... i(n-1)".
        p.seek(save, save_line);
        std::vector<long long> cell;
        long long remaining = -1, cell_no = 0;
        p.values(b, binary ? "int" : "double", binary, key.c_str(), [&](long long, double v) {
          if (remaining < 0) {
            if (!(v >= 0) || v > static_cast<double>(b))
              p.fail(key + ": cell " + std::to_string(cell_no) + " has an impossible length " + number(v));
            remaining = static_cast<long long>(v);
            cell.clear();
          } else {
            cell.push_back(to_point_index(v, num_points, p, key.c_str()));
            --remaining;
          }
          if (remaining == 0) {
            if (cell_no >= a) p.fail(key + ": more cells than the " + std::to_string(a) + " declared");
            emit(cell, cell_no++);
            remaining = -1;
          }
        });
        if (remaining >= 0 || cell_no != a)
          p.fail(key + ": the cell list of " + std::to_string(b) + " values does not hold the " + std::to_string(a) +
                 " cells declared");
      }
    } else if (key == "FIELD") {
      (void)p.token();  // name
      const long long arrays = p.count("field arrays");
      (void)p.rest_of_line();
      for (long long k = 0; k < arrays; ++k) {
        (void)p.token();
        const long long comps = p.count("components"), tuples = p.count("tuples");
        const std::string type(p.token());
        (void)p.rest_of_line();
        if (static_cast<double>(comps) * static_cast<double>(tuples) > static_cast<double>(data.size()))
          p.fail("truncated: a field array of " + std::to_string(comps) + " x " + std::to_string(tuples) +
                 " values in a file of " + std::to_string(data.size()) + " bytes");
        p.values(comps * tuples, type, binary, "a FIELD array", [](long long, double) {});
      }
    } else if (key == "METADATA") {
      // Array metadata (version 5): runs to the next blank line.
      (void)p.rest_of_line();
      for (;;) {
        if (p.position() >= data.size()) break;
        const std::string_view l = p.rest_of_line();
        if (l.find_first_not_of(" \t\r") == std::string_view::npos) break;
      }
    } else {
      p.fail("unexpected keyword " + quote_token(key));
    }
  }
  if (num_points < 0) fail_input(path, "legacy VTK file has no POINTS section (empty, truncated or malformed)");
  out.mesh = builder.finish();
}

}  // namespace contour::detail
