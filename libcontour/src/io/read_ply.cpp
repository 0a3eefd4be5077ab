// PLY reader (ascii, binary little- and big-endian) with strict bounds checks.
#include "io/mesh_builder.hpp"
#include "io/readers.hpp"
#include "io/text_scanner.hpp"

#include <cstring>
#include <limits>

namespace contour::detail {
namespace {

enum class PlyType { I8, U8, I16, U16, I32, U32, F32, F64 };

bool ply_type(std::string_view name, PlyType& t) {
  if (name == "char" || name == "int8") t = PlyType::I8;
  else if (name == "uchar" || name == "uint8") t = PlyType::U8;
  else if (name == "short" || name == "int16") t = PlyType::I16;
  else if (name == "ushort" || name == "uint16") t = PlyType::U16;
  else if (name == "int" || name == "int32") t = PlyType::I32;
  else if (name == "uint" || name == "uint32") t = PlyType::U32;
  else if (name == "float" || name == "float32") t = PlyType::F32;
  else if (name == "double" || name == "float64") t = PlyType::F64;
  else return false;
  return true;
}

std::size_t type_size(PlyType t) {
  switch (t) {
    case PlyType::I8: case PlyType::U8: return 1;
    case PlyType::I16: case PlyType::U16: return 2;
    case PlyType::I32: case PlyType::U32: case PlyType::F32: return 4;
    case PlyType::F64: return 8;
  }
  return 1;
}

struct Property {
  std::string name;
  bool is_list = false;
  PlyType count_type = PlyType::U8;
  PlyType type = PlyType::F32;
};

struct Element {
  std::string name;
  long long count = 0;
  std::vector<Property> props;
};

enum class Encoding { Ascii, BinaryLE, BinaryBE };

class BinaryCursor {
 public:
  BinaryCursor(const std::string& path, std::string_view data, std::size_t pos, bool swap)
      : path_(path), data_(data), pos_(pos), swap_(swap) {}

  double read(PlyType t, const char* what) {
    const std::size_t n = type_size(t);
    if (pos_ + n > data_.size())
      fail_input(path_, std::string("truncated binary data while reading ") + what + " (file ends at byte " +
                            std::to_string(data_.size()) + ")");
    unsigned char b[8];
    std::memcpy(b, data_.data() + pos_, n);
    pos_ += n;
    if (swap_) std::reverse(b, b + n);
    switch (t) {
      case PlyType::I8: { std::int8_t v; std::memcpy(&v, b, 1); return v; }
      case PlyType::U8: { std::uint8_t v; std::memcpy(&v, b, 1); return v; }
      case PlyType::I16: { std::int16_t v; std::memcpy(&v, b, 2); return v; }
      case PlyType::U16: { std::uint16_t v; std::memcpy(&v, b, 2); return v; }
      case PlyType::I32: { std::int32_t v; std::memcpy(&v, b, 4); return v; }
      case PlyType::U32: { std::uint32_t v; std::memcpy(&v, b, 4); return v; }
      case PlyType::F32: { float v; std::memcpy(&v, b, 4); return v; }
      case PlyType::F64: { double v; std::memcpy(&v, b, 8); return v; }
    }
    return 0;
  }
  [[nodiscard]] std::size_t remaining() const { return data_.size() - pos_; }
  [[nodiscard]] std::size_t position() const { return pos_; }
  void skip(std::size_t n) { pos_ += n; }

 private:
  const std::string& path_;
  std::string_view data_;
  std::size_t pos_;
  bool swap_;
};

bool host_is_little_endian() {
  const std::uint16_t one = 1;
  unsigned char b;
  std::memcpy(&b, &one, 1);
  return b == 1;
}

long long to_index(double v, const std::string& path, long long where) {
  if (!(v >= 0) || v > 2147483647.0 || v != static_cast<double>(static_cast<long long>(v)))
    fail_input(path, "element " + std::to_string(where) + ": face vertex index " + std::to_string(v) + " is out of range");
  return static_cast<long long>(v);
}

}  // namespace

void read_ply(const std::string& path, std::string_view data, ReadMeshResult& out) {
  TextScanner scan(data);
  std::string_view line;
  if (!scan.next_line(line) || line.substr(0, 3) != "ply")
    fail_input(path, "not a PLY file (first line must be \"ply\")");

  Encoding encoding = Encoding::Ascii;
  bool have_format = false, have_end = false;
  std::vector<Element> elements;
  while (scan.next_line(line)) {
    const std::string where = "header line " + std::to_string(scan.line_number());
    std::string_view rest = line;
    const std::string_view key = next_token(rest);
    if (key.empty() || key == "comment" || key == "obj_info") continue;
    if (key == "end_header") { have_end = true; break; }
    if (key == "format") {
      const std::string_view enc = next_token(rest);
      if (enc == "ascii") encoding = Encoding::Ascii;
      else if (enc == "binary_little_endian") encoding = Encoding::BinaryLE;
      else if (enc == "binary_big_endian") encoding = Encoding::BinaryBE;
      else fail_input(path, where + ": unknown PLY format " + quote_token(enc));
      have_format = true;
    } else if (key == "element") {
      Element e;
      e.name = std::string(next_token(rest));
      long long n = -1;
      if (e.name.empty() || !parse_long(next_token(rest), n) || n < 0)
        fail_input(path, where + ": malformed element line (expected \"element NAME COUNT\")");
      e.count = n;
      elements.push_back(std::move(e));
    } else if (key == "property") {
      if (elements.empty()) fail_input(path, where + ": property before any element");
      Property p;
      std::string_view t = next_token(rest);
      if (t == "list") {
        p.is_list = true;
        if (!ply_type(next_token(rest), p.count_type) || !ply_type(next_token(rest), p.type))
          fail_input(path, where + ": unknown type in list property");
      } else if (!ply_type(t, p.type)) {
        fail_input(path, where + ": unknown property type " + quote_token(t));
      }
      p.name = std::string(next_token(rest));
      elements.back().props.push_back(std::move(p));
    } else {
      fail_input(path, where + ": unexpected header keyword " + quote_token(key));
    }
    if (scan.line_number() > 10000) fail_input(path, "PLY header has no end_header within 10000 lines");
  }
  if (!have_format) fail_input(path, "PLY header has no format line");
  if (!have_end) fail_input(path, "PLY header is not terminated by end_header (truncated file?)");

  out.binary = encoding != Encoding::Ascii;
  out.encoding = encoding == Encoding::Ascii ? "ascii"
                 : encoding == Encoding::BinaryLE ? "binary_little_endian" : "binary_big_endian";

  // Locate the vertex coordinates and the face index list.
  int vertex_el = -1, face_el = -1, xi = -1, yi = -1, zi = -1, fi = -1;
  for (std::size_t e = 0; e < elements.size(); ++e) {
    const Element& el = elements[e];
    if (el.name == "vertex") {
      vertex_el = static_cast<int>(e);
      for (std::size_t p = 0; p < el.props.size(); ++p) {
        if (el.props[p].is_list) continue;
        if (el.props[p].name == "x") xi = static_cast<int>(p);
        if (el.props[p].name == "y") yi = static_cast<int>(p);
        if (el.props[p].name == "z") zi = static_cast<int>(p);
      }
    } else if (el.name == "face") {
      face_el = static_cast<int>(e);
      for (std::size_t p = 0; p < el.props.size(); ++p)
        if (el.props[p].is_list && (el.props[p].name == "vertex_indices" || el.props[p].name == "vertex_index"))
          fi = static_cast<int>(p);
    }
  }
  if (vertex_el < 0 || xi < 0 || yi < 0 || zi < 0) fail_input(path, "PLY header declares no vertex element with x, y, z");
  if (face_el < 0 || elements[face_el].count == 0) {
    fail_input(path, "has " + std::to_string(elements[vertex_el].count) +
                         " vertices but no faces (a point cloud, not a surface)");
  }
  if (fi < 0) fail_input(path, "PLY face element has no vertex_indices list");

  const std::size_t body_start = scan.position();
  const std::size_t body_bytes = body_start <= data.size() ? data.size() - body_start : 0;
  if (body_bytes == 0) fail_input(path, "PLY header declares data but the file ends after the header");

  // Each element needs at least a minimal number of bytes: reject impossible counts before
  // allocating anything (a lying header must not make us reserve gigabytes).
  std::size_t min_bytes = 0;
  for (const Element& el : elements) {
    if (el.props.empty()) continue;  // takes no bytes (and is skipped when reading)
    std::size_t rec = 0;
    for (const Property& p : el.props) rec += p.is_list ? type_size(p.count_type) : type_size(p.type);
    if (encoding == Encoding::Ascii) rec = el.props.size() * 2;  // "d " per value
    const double need = static_cast<double>(rec) * static_cast<double>(el.count);
    if (need > static_cast<double>(body_bytes) || min_bytes + static_cast<std::size_t>(need) > body_bytes)
      fail_input(path, "truncated: the header declares " + std::to_string(el.count) + " " + el.name +
                           " elements but only " + std::to_string(body_bytes) + " bytes of data follow");
    min_bytes += static_cast<std::size_t>(need);
  }

  MeshBuilder builder(path);
  builder.reserve(static_cast<std::size_t>(elements[vertex_el].count),
                  static_cast<std::size_t>(elements[face_el].count));
  std::vector<double> values;
  std::vector<long long> poly;

  if (encoding == Encoding::Ascii) {
    for (std::size_t e = 0; e < elements.size(); ++e) {
      const Element& el = elements[e];
      if (el.props.empty()) continue;  // holds no data, whatever its count
      for (long long i = 0; i < el.count; ++i) {
        std::string_view rest;
        do {
          if (!scan.next_line(rest))
            fail_input(path, "truncated: file ends while reading " + el.name + " " + std::to_string(i) + " of " +
                                 std::to_string(el.count));
        } while (rest.find_first_not_of(" \t\r") == std::string_view::npos);
        const long long line_no = static_cast<long long>(scan.line_number());
        auto where = [&] { return scan.line_label(); };
        double xyz[3] = {0, 0, 0};
        for (std::size_t p = 0; p < el.props.size(); ++p) {
          const Property& prop = el.props[p];
          if (prop.is_list) {
            long long n = 0;
            if (!parse_long(next_token(rest), n) || n < 0 || n > 1000000)
              fail_input(path, where() + ": bad list length in " + el.name + " " + std::to_string(i));
            poly.clear();
            for (long long k = 0; k < n; ++k) {
              double v;
              const std::string_view tok = next_token(rest);
              if (!parse_double(tok, v))
                fail_input(path, where() + ": expected a number, got " + quote_token(tok));
              if (static_cast<int>(e) == face_el && static_cast<int>(p) == fi) poly.push_back(to_index(v, path, line_no));
            }
            if (static_cast<int>(e) == face_el && static_cast<int>(p) == fi) builder.add_polygon(poly.data(), poly.size(), -1, "line", line_no);
          } else {
            double v;
            const std::string_view tok = next_token(rest);
            if (!parse_double(tok, v)) fail_input(path, where() + ": expected a number, got " + quote_token(tok));
            if (static_cast<int>(e) == vertex_el) {
              if (static_cast<int>(p) == xi) xyz[0] = v;
              if (static_cast<int>(p) == yi) xyz[1] = v;
              if (static_cast<int>(p) == zi) xyz[2] = v;
            }
          }
        }
        if (static_cast<int>(e) == vertex_el) builder.add_vertex(xyz[0], xyz[1], xyz[2], "line", line_no);
      }
    }
  } else {
    const bool swap = (encoding == Encoding::BinaryLE) != host_is_little_endian();
    BinaryCursor cur(path, data, body_start, swap);
    for (std::size_t e = 0; e < elements.size(); ++e) {
      const Element& el = elements[e];
      // An element without properties takes no bytes: skip it, or a huge count would spin.
      if (el.props.empty()) continue;
      // Fast paths for the common layouts (fixed-size vertex records; faces as one list of
      // uchar count and int indices): the same checks as the general loop, no per-value dispatch.
      bool fixed = true;
      std::size_t rec = 0, off[3] = {0, 0, 0};
      for (std::size_t p = 0; p < el.props.size(); ++p) {
        if (el.props[p].is_list) { fixed = false; break; }
        if (static_cast<int>(p) == xi) off[0] = rec;
        if (static_cast<int>(p) == yi) off[1] = rec;
        if (static_cast<int>(p) == zi) off[2] = rec;
        rec += type_size(el.props[p].type);
      }
      if (static_cast<int>(e) == vertex_el && fixed) {
        if (static_cast<double>(rec) * static_cast<double>(el.count) > static_cast<double>(cur.remaining()))
          fail_input(path, "truncated binary data in the vertex list");
        const PlyType types[3] = {el.props[static_cast<std::size_t>(xi)].type, el.props[static_cast<std::size_t>(yi)].type,
                                  el.props[static_cast<std::size_t>(zi)].type};
        const std::size_t start = cur.position();
        for (long long i = 0; i < el.count; ++i) {
          const std::size_t base = start + static_cast<std::size_t>(i) * rec;
          double xyz[3];
          for (int k = 0; k < 3; ++k) {
            BinaryCursor c(path, data, base + off[k], swap);
            xyz[k] = c.read(types[k], "a vertex");
          }
          builder.add_vertex(xyz[0], xyz[1], xyz[2], "vertex", i);
        }
        cur.skip(rec * static_cast<std::size_t>(el.count));
        continue;
      }
      if (static_cast<int>(e) == face_el && el.props.size() == 1 && fi == 0 && el.props[0].count_type == PlyType::U8 &&
          (el.props[0].type == PlyType::I32 || el.props[0].type == PlyType::U32) && !swap) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
        std::size_t pos = cur.position();
        long long idx[256];
        for (long long i = 0; i < el.count; ++i) {
          if (pos >= data.size())
            fail_input(path, "truncated binary data while reading face " + std::to_string(i) + " (file ends at byte " +
                                 std::to_string(data.size()) + ")");
          const unsigned n = bytes[pos++];
          if (pos + 4ull * n > data.size()) fail_input(path, "truncated binary data in face " + std::to_string(i));
          for (unsigned k = 0; k < n; ++k) {
            if (el.props[0].type == PlyType::I32) {
              std::int32_t v;
              std::memcpy(&v, bytes + pos + 4 * k, 4);
              idx[k] = v;
            } else {
              std::uint32_t v;
              std::memcpy(&v, bytes + pos + 4 * k, 4);
              idx[k] = v;
            }
          }
          pos += 4ull * n;
          builder.add_polygon(idx, n, -1, "face", i);
        }
        cur.skip(pos - cur.position());
        continue;
      }
      for (long long i = 0; i < el.count; ++i) {
        double xyz[3] = {0, 0, 0};
        for (std::size_t p = 0; p < el.props.size(); ++p) {
          const Property& prop = el.props[p];
          if (prop.is_list) {
            const double nd = cur.read(prop.count_type, "a list length");
            if (!(nd >= 0) || nd > 1000000)
              fail_input(path, "bad list length " + std::to_string(nd) + " in " + el.name + " " + std::to_string(i));
            const auto n = static_cast<long long>(nd);
            if (static_cast<std::size_t>(n) * type_size(prop.type) > cur.remaining())
              fail_input(path, "truncated binary data in " + el.name + " " + std::to_string(i));
            poly.clear();
            const bool is_faces = static_cast<int>(e) == face_el && static_cast<int>(p) == fi;
            for (long long k = 0; k < n; ++k) {
              const double v = cur.read(prop.type, "a face");
              if (is_faces) poly.push_back(to_index(v, path, i));
            }
            if (is_faces) builder.add_polygon(poly.data(), poly.size(), -1, "face", i);
          } else {
            const double v = cur.read(prop.type, "a vertex");
            if (static_cast<int>(e) == vertex_el) {
              if (static_cast<int>(p) == xi) xyz[0] = v;
              if (static_cast<int>(p) == yi) xyz[1] = v;
              if (static_cast<int>(p) == zi) xyz[2] = v;
            }
          }
        }
        if (static_cast<int>(e) == vertex_el) builder.add_vertex(xyz[0], xyz[1], xyz[2], "vertex", i);
      }
    }
  }
  out.mesh = builder.finish();
}

}  // namespace contour::detail
