// STL reader (binary and ascii). Binary is recognised by its size matching the triangle count
// in the header; an ascii file starts with "solid" and has facets.
#include "io/mesh_builder.hpp"
#include "io/readers.hpp"
#include "io/text_scanner.hpp"

#include <cstring>

namespace contour::detail {
namespace {

void read_stl_binary(const std::string& path, std::string_view data, std::uint32_t n, MeshBuilder& builder) {
  builder.reserve(3 * static_cast<std::size_t>(n), n);
  long long idx[3];
  for (std::uint32_t t = 0; t < n; ++t) {
    const char* rec = data.data() + 84 + 50 * static_cast<std::size_t>(t);
    for (int k = 0; k < 3; ++k) {
      float p[3];
      std::memcpy(p, rec + 12 + 12 * k, 12);
      builder.add_vertex(p[0], p[1], p[2], "triangle", t);
      idx[k] = builder.num_vertices() - 1;
    }
    builder.add_polygon(idx, 3, -1, "triangle", t);
  }
  (void)path;
}

/// ASCII STL keywords are matched without regard to case: some exporters write "SOLID",
/// "FACET NORMAL", "OUTER LOOP", "VERTEX", "ENDLOOP", "ENDFACET", "ENDSOLID".
std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool contains_ignoring_case(std::string_view data, std::string_view word, std::size_t from) {
  for (std::size_t i = from; i + word.size() <= data.size(); ++i) {
    std::size_t k = 0;
    while (k < word.size() && (data[i + k] | 0x20) == word[k]) ++k;
    if (k == word.size()) return true;
  }
  return false;
}

void read_stl_ascii(const std::string& path, std::string_view data, MeshBuilder& builder) {
  TextScanner scan(data);
  std::string_view line;
  std::vector<long long> poly;
  bool in_facet = false, ended = false;
  while (scan.next_line(line)) {
    std::string_view rest = line;
    const std::string_view token = next_token(rest);
    const std::string key = lower_ascii(token);
    const auto line_no = static_cast<long long>(scan.line_number());
    if (key == "vertex") {
      if (!in_facet) fail_input(path, scan.line_label() + ": vertex outside a facet");
      double xyz[3];
      for (double& c : xyz) {
        const std::string_view tok = next_token(rest);
        if (!parse_double(tok, c))
          fail_input(path, scan.line_label() + ": expected a coordinate, got " + quote_token(tok));
      }
      builder.add_vertex(xyz[0], xyz[1], xyz[2], "line", line_no);
      poly.push_back(builder.num_vertices() - 1);
    } else if (key == "facet") {
      if (in_facet) fail_input(path, scan.line_label() + ": facet not closed by endfacet");
      in_facet = true;
      poly.clear();
    } else if (key == "endfacet") {
      if (!in_facet) fail_input(path, scan.line_label() + ": endfacet without facet");
      builder.add_polygon(poly.data(), poly.size(), -1, "line", line_no);
      in_facet = false;
    } else if (key == "endsolid") {
      ended = true;
    } else if (key == "solid" || key == "outer" || key == "endloop" || key.empty()) {
      continue;
    } else {
      fail_input(path, scan.line_label() + ": unexpected token " + quote_token(token));
    }
  }
  if (in_facet) fail_input(path, "truncated: file ends inside a facet");
  if (!ended && builder.num_vertices() > 0) fail_input(path, "truncated: ascii STL has no endsolid");
}

}  // namespace

void read_stl(const std::string& path, std::string_view data, ReadMeshResult& out) {
  MeshBuilder builder(path);
  std::uint32_t n = 0;
  if (data.size() >= 84) std::memcpy(&n, data.data() + 80, 4);
  const bool size_matches = data.size() >= 84 && data.size() == 84 + 50ULL * n;
  const bool starts_solid = lower_ascii(data.substr(0, 5)) == "solid";
  const bool looks_ascii = starts_solid && contains_ignoring_case(data, "facet", 5) &&
                           data.substr(0, std::min<std::size_t>(data.size(), 4096)).find('\0') == std::string_view::npos;
  if (size_matches && !(looks_ascii && n == 0)) {
    out.binary = true;
    out.encoding = "binary";
    if (n == 0) fail_input(path, "binary STL declares 0 triangles");
    read_stl_binary(path, data, n, builder);
  } else if (looks_ascii || (starts_solid && data.size() < 84)) {
    out.binary = false;
    out.encoding = "ascii";
    read_stl_ascii(path, data, builder);
  } else if (data.size() < 84) {
    fail_input(path, "too short for a binary STL (" + std::to_string(data.size()) + " bytes, header alone is 84)");
  } else {
    fail_input(path, "binary STL triangle count does not match the file size: the header says " + std::to_string(n) +
                         " triangles (" + std::to_string(84 + 50ULL * n) + " bytes) but the file has " +
                         std::to_string(data.size()) + " bytes");
  }
  out.mesh = builder.finish();
}

}  // namespace contour::detail
