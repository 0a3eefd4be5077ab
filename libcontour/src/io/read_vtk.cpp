// VTP (XML PolyData) through VTK's reader. VTK reports problems as error events and hands back
// empty data, so we watch for errors and check the result ourselves. (Legacy .vtk files have
// their own parser: read_vtk_legacy.cpp.)
#include "io/mesh_builder.hpp"
#include "io/readers.hpp"
#include "io/text_scanner.hpp"

#include <vtkCallbackCommand.h>
#include <vtkCellArray.h>
#include <vtkCommand.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>
#include <vtkXMLPolyDataReader.h>

#include <cctype>
#include <cstdint>

namespace contour::detail {
namespace {

struct ErrorCatcher {
  std::string message;
  static void on_error(vtkObject*, unsigned long, void* client, void* call) {
    auto* self = static_cast<ErrorCatcher*>(client);
    if (self->message.empty() && call != nullptr) {
      std::string msg(static_cast<const char*>(call));
      // VTK messages span lines and carry the C++ source location; keep the reason only.
      const auto nl = msg.rfind(": ");
      if (nl != std::string::npos && nl + 2 < msg.size()) msg = msg.substr(nl + 2);
      for (char& c : msg)
        if (c == '\n' || c == '\r') c = ' ';
      while (!msg.empty() && msg.back() == ' ') msg.pop_back();
      self->message = msg.empty() ? "VTK reader error" : msg;
    }
  }
};

void polydata_to_mesh(const std::string& path, vtkPolyData* pd, MeshBuilder& builder) {
  vtkPoints* pts = pd->GetPoints();
  const vtkIdType np = pts ? pts->GetNumberOfPoints() : 0;
  builder.reserve(static_cast<std::size_t>(np), static_cast<std::size_t>(pd->GetNumberOfPolys()));
  for (vtkIdType i = 0; i < np; ++i) {
    double p[3];
    pts->GetPoint(i, p);
    builder.add_vertex(p[0], p[1], p[2], "point", i);
  }
  std::vector<long long> poly;
  vtkIdType n = 0;
  const vtkIdType* ids = nullptr;
  vtkCellArray* polys = pd->GetPolys();
  long long cell = 0;
  if (polys) {
    for (polys->InitTraversal(); polys->GetNextCell(n, ids); ++cell) {
      poly.assign(ids, ids + n);
      builder.add_polygon(poly.data(), poly.size(), -1, "polygon cell", cell);
    }
  }
  vtkCellArray* strips = pd->GetStrips();
  if (strips) {
    for (strips->InitTraversal(); strips->GetNextCell(n, ids); ++cell) {
      for (vtkIdType k = 0; k + 2 < n; ++k) {
        long long tri[3] = {ids[k], ids[k + 1], ids[k + 2]};
        if (k % 2 == 1) std::swap(tri[0], tri[1]);
        builder.add_polygon(tri, 3, -1, "strip cell", cell);
      }
    }
  }
  (void)path;
}

/// VTK's XML reader sizes its arrays from the NumberOf...="N" attributes before it reads any
/// data, so a tiny file that declares billions of points would make it allocate gigabytes.
/// Every declared count must fit in the bytes present: at least one byte per value, or
/// (compressed data) at most zlib's maximum ratio of about 1030 values per byte.
void check_declared_counts(const std::string& path, std::string_view data) {
  const std::string_view xml = data.substr(0, data.find("<AppendedData"));  // not the raw bytes
  const bool compressed = data.find("compressor=\"") != std::string_view::npos &&
                          data.find("compressor=\"\"") == std::string_view::npos;
  const double limit = (compressed ? 1100.0 : 1.0) * static_cast<double>(data.size());
  static constexpr std::string_view kAttr = "NumberOf";
  for (std::size_t at = xml.find(kAttr); at != std::string_view::npos; at = xml.find(kAttr, at + 1)) {
    const std::size_t eq = xml.find("=\"", at);
    if (eq == std::string_view::npos || eq - at > 40) continue;
    const std::size_t end = xml.find('"', eq + 2);
    if (end == std::string_view::npos) continue;
    const std::string_view name = xml.substr(at, eq - at), value = xml.substr(eq + 2, end - eq - 2);
    long long n = 0;
    if (!parse_long(value, n) || n < 0)
      fail_input(path, "VTK XML attribute " + std::string(name) + " is not a count: " + quote_token(value));
    const double values = static_cast<double>(n) * (name == "NumberOfPoints" ? 3.0 : 1.0);
    if (values > limit)
      fail_input(path, "truncated or corrupt: " + std::string(name) + "=\"" + std::to_string(n) +
                           "\" cannot fit in a file of " + std::to_string(data.size()) + " bytes");
  }
}

/// Value of attribute `name` in the XML tag that starts at `tag` ("" if absent).
std::string_view attribute(std::string_view data, std::size_t tag, std::string_view name) {
  const std::size_t end = data.find('>', tag);
  const std::string_view t = data.substr(tag, end == std::string_view::npos ? std::string_view::npos : end - tag);
  for (std::size_t at = t.find(name); at != std::string_view::npos; at = t.find(name, at + 1)) {
    if (at == 0 || !std::isspace(static_cast<unsigned char>(t[at - 1]))) continue;
    std::size_t q = at + name.size();
    if (q + 1 >= t.size() || t[q] != '=' || t[q + 1] != '"') continue;
    const std::size_t close = t.find('"', q + 2);
    if (close == std::string_view::npos) return {};
    return t.substr(q + 2, close - q - 2);
  }
  return {};
}

/// Decodes the first `n` bytes of base64 text (whitespace skipped). False if the text is too
/// short or not base64.
bool decode_base64_prefix(std::string_view text, std::size_t n, std::string& out) {
  out.clear();
  unsigned int acc = 0;
  int bits = 0;
  for (char c : text) {
    if (out.size() >= n) return true;
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else if (c == '=') { acc = 0; bits = 0; continue; }  // padding between separately encoded chunks
    else if (std::isspace(static_cast<unsigned char>(c))) continue;
    else return false;
    acc = (acc << 6) | static_cast<unsigned int>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out.size() >= n;
}

/// The binary data of a VTK XML array starts with a header of byte counts (and, compressed,
/// block sizes) that VTK's reader trusts when it allocates. Checks every such header against
/// the bytes that actually follow, so a corrupt count cannot make the reader allocate far more
/// than the file could hold.
void check_binary_headers(const std::string& path, std::string_view data) {
  const std::size_t root = data.find("<VTKFile");
  const bool header64 = attribute(data, root, "header_type") == "UInt64";
  const std::size_t hsize = header64 ? 8 : 4;
  const bool compressed = !attribute(data, root, "compressor").empty();
  const bool little = attribute(data, root, "byte_order") != "BigEndian";
  // Appended section: raw bytes or base64 text after the '_' marker.
  std::string_view appended;
  bool appended_raw = false;
  if (const std::size_t a = data.find("<AppendedData"); a != std::string_view::npos) {
    appended_raw = attribute(data, a, "encoding") == "raw";
    const std::size_t close = data.find('>', a);
    const std::size_t mark = close == std::string_view::npos ? close : data.find('_', close);
    if (mark != std::string_view::npos) {
      const std::size_t end = data.rfind("</AppendedData>");
      appended = data.substr(mark + 1, end == std::string_view::npos || end < mark ? std::string_view::npos : end - mark - 1);
    }
  }
  // Limit on what one array may expand to: zlib cannot expand more than ~1032 times, and no
  // plausible scan needs more than 64 times its file size for one array.
  const double file_limit = 64.0 * static_cast<double>(data.size()) + 65536.0;
  auto read_uint = [&](const std::string& bytes, std::size_t i) {
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < hsize; ++k) {
      const auto b = static_cast<unsigned char>(bytes[i * hsize + (little ? hsize - 1 - k : k)]);
      v = (v << 8) | b;
    }
    return static_cast<double>(v);
  };
  for (std::size_t tag = data.find("<DataArray"); tag != std::string_view::npos; tag = data.find("<DataArray", tag + 1)) {
    const std::string_view format = attribute(data, tag, "format");
    if (format != "appended" && format != "binary") continue;
    std::string_view payload;  // the array's bytes (raw) or base64 text
    bool raw = false;
    if (format == "appended") {
      long long offset = -1;
      if (!parse_long(attribute(data, tag, "offset"), offset) || offset < 0 ||
          static_cast<std::size_t>(offset) > appended.size())
        fail_input(path, "corrupt VTK XML file: an appended DataArray has a bad offset");
      payload = appended.substr(static_cast<std::size_t>(offset));
      raw = appended_raw;
    } else {
      const std::size_t open_end = data.find('>', tag);
      const std::size_t close = data.find("</DataArray>", open_end);
      if (open_end == std::string_view::npos || close == std::string_view::npos)
        fail_input(path, "corrupt VTK XML file: unterminated DataArray");
      payload = data.substr(open_end + 1, close - open_end - 1);
    }
    const double available = raw ? static_cast<double>(payload.size()) : 0.75 * static_cast<double>(payload.size());
    std::string header;
    auto get = [&](std::size_t count) {
      if (raw) {
        if (payload.size() < count * hsize) return false;
        header.assign(payload.data(), count * hsize);
        return true;
      }
      return decode_base64_prefix(payload, count * hsize, header);
    };
    double expanded = 0, stored = 0;
    if (!compressed) {
      if (!get(1)) fail_input(path, "truncated VTK XML file: a DataArray header is cut off");
      expanded = stored = read_uint(header, 0);
    } else {
      if (!get(3)) fail_input(path, "truncated VTK XML file: a compressed DataArray header is cut off");
      const double blocks = read_uint(header, 0), block_size = read_uint(header, 1), last = read_uint(header, 2);
      if (blocks * static_cast<double>(hsize) > available)
        fail_input(path, "corrupt VTK XML file: a DataArray declares " + std::to_string(static_cast<long long>(blocks)) +
                             " compressed blocks");
      if (!get(3 + static_cast<std::size_t>(blocks)))
        fail_input(path, "truncated VTK XML file: a compressed DataArray header is cut off");
      for (std::size_t b = 0; b < static_cast<std::size_t>(blocks); ++b) stored += read_uint(header, 3 + b);
      expanded = blocks == 0 ? 0 : (blocks - 1) * block_size + (last > 0 ? last : block_size);
      if (expanded > 1032.0 * stored + 1024.0 * blocks + 1024.0)
        fail_input(path, "corrupt VTK XML file: a DataArray claims to expand to " +
                             std::to_string(static_cast<long long>(expanded)) + " bytes from " +
                             std::to_string(static_cast<long long>(stored)) + " compressed bytes");
    }
    if (stored > available || expanded > file_limit)
      fail_input(path, "truncated or corrupt VTK XML file: a DataArray declares " +
                           std::to_string(static_cast<long long>(expanded)) + " bytes but the file holds at most " +
                           std::to_string(static_cast<long long>(available)) + " for it");
  }
}

}  // namespace

void read_vtk_polydata(const std::string& path, std::string_view data, ReadMeshResult& out) {
  const auto start = data.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || data[start] != '<' || data.find("<VTKFile") == std::string_view::npos)
    fail_input(path, "not a VTK XML file (no <VTKFile> element)");
  if (data.find("PolyData") == std::string_view::npos) fail_input(path, "VTK XML file is not PolyData");
  check_declared_counts(path, data);
  check_binary_headers(path, data);

  // Errors come back through the observer; keep VTK from printing them on its own.
  vtkObject::GlobalWarningDisplayOff();
  ErrorCatcher catcher;
  vtkNew<vtkCallbackCommand> cb;
  cb->SetCallback(&ErrorCatcher::on_error);
  cb->SetClientData(&catcher);
  vtkNew<vtkXMLPolyDataReader> reader;
  reader->AddObserver(vtkCommand::ErrorEvent, cb);
  reader->ReadFromInputStringOn();
  reader->SetInputString(std::string(data));
  reader->Update();
  vtkPolyData* pd = reader->GetOutput();
  out.encoding = data.find("format=\"appended\"") != std::string_view::npos ? "appended"
                 : data.find("format=\"binary\"") != std::string_view::npos ? "binary" : "ascii";
  out.binary = out.encoding != "ascii";
  if (!catcher.message.empty()) fail_input(path, "cannot be read: " + catcher.message);
  if (!pd || !pd->GetPoints() || pd->GetNumberOfPoints() == 0)
    fail_input(path, "contains no points (empty, truncated or malformed)");
  MeshBuilder builder(path);
  polydata_to_mesh(path, pd, builder);
  out.mesh = builder.finish();
}

}  // namespace contour::detail
