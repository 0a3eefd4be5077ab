// Wavefront OBJ reader: v and f records (v, v/vt, v//vn, v/vt/vn; negative = relative),
// polygons fan-triangulated, groups from `g` and `o`. Other records are ignored.
#include "io/mesh_builder.hpp"
#include "io/readers.hpp"
#include "io/text_scanner.hpp"

#include <unordered_map>

namespace contour::detail {

void read_obj(const std::string& path, std::string_view data, ReadMeshResult& out) {
  out.binary = false;
  out.encoding = "ascii";
  // Binary junk is rejected early: OBJ is text, so NUL bytes in the first kilobytes mean junk.
  const std::size_t probe = std::min<std::size_t>(data.size(), 4096);
  if (data.substr(0, probe).find('\0') != std::string_view::npos)
    fail_input(path, "not a text OBJ file (contains binary data)");

  // A UTF-8 byte order mark (some Windows editors write one) is not part of the first line.
  if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);

  MeshBuilder builder(path);
  builder.reserve(data.size() / 60, data.size() / 40);
  TextScanner scan(data);
  std::string_view line;
  std::vector<long long> poly;
  std::vector<std::string> group_names;
  std::unordered_map<std::string, int> group_index;
  int group = -1;
  long long unknown_records = 0;

  while (scan.next_line(line)) {
    std::string_view rest = line;
    const std::string_view key = next_token(rest);
    const auto line_no = static_cast<long long>(scan.line_number());
    if (key.empty() || key.front() == '#') continue;
    if (key == "v") {
      double xyz[3];
      for (double& c : xyz) {
        const std::string_view tok = next_token(rest);
        if (!parse_double(tok, c))
          fail_input(path, scan.line_label() + ": expected a vertex coordinate, got " + quote_token(tok));
      }
      builder.add_vertex(xyz[0], xyz[1], xyz[2], "line", line_no);
    } else if (key == "f") {
      poly.clear();
      for (std::string_view tok = next_token(rest); !tok.empty(); tok = next_token(rest)) {
        const std::string_view vtok = tok.substr(0, tok.find('/'));
        long long idx = 0;
        if (!parse_long(vtok, idx) || idx == 0)
          fail_input(path, scan.line_label() + ": bad face vertex index " + quote_token(tok));
        // OBJ indices are 1-based; negative ones count back from the latest vertex.
        idx = idx > 0 ? idx - 1 : builder.num_vertices() + idx;
        if (idx < 0)
          fail_input(path, scan.line_label() + ": relative face index " + quote_token(tok) +
                               " points before the first vertex");
        poly.push_back(idx);
      }
      builder.add_polygon(poly.data(), poly.size(), group, "line", line_no);
    } else if (key == "g" || key == "o") {
      std::string name(rest);
      const auto b = name.find_first_not_of(" \t");
      name = b == std::string::npos ? std::string("default") : name.substr(b);
      auto [it, inserted] = group_index.emplace(name, static_cast<int>(group_names.size()));
      if (inserted) group_names.push_back(name);
      group = it->second;
    } else if (key == "vt" || key == "vn" || key == "vp" || key == "s" || key == "usemtl" || key == "mtllib" ||
               key == "l" || key == "p" || key == "cstype" || key == "deg" || key == "curv" || key == "surf") {
      continue;
    } else {
      // A text file full of unknown records is not an OBJ mesh.
      if (++unknown_records > 100 && builder.num_vertices() == 0)
        fail_input(path, "not an OBJ mesh (line " + std::to_string(line_no) + ": unknown record " + quote_token(key) + ")");
    }
  }
  out.mesh = builder.finish(std::move(group_names));
}

}  // namespace contour::detail
