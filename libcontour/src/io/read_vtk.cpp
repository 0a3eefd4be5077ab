// VTP and legacy VTK polydata through VTK's readers. VTK reports problems as error events and
// hands back empty data, so we watch for errors and check the result ourselves.
#include "io/mesh_builder.hpp"
#include "io/readers.hpp"

#include <vtkCallbackCommand.h>
#include <vtkCellArray.h>
#include <vtkCommand.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataReader.h>
#include <vtkSmartPointer.h>
#include <vtkXMLPolyDataReader.h>

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

}  // namespace

void read_vtk_polydata(const std::string& path, std::string_view data, ReadMeshResult& out) {
  const bool xml = out.format == MeshFormat::Vtp;
  if (xml) {
    const auto start = data.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos || data[start] != '<' || data.find("<VTKFile") == std::string_view::npos)
      fail_input(path, "not a VTK XML file (no <VTKFile> element)");
    if (data.find("PolyData") == std::string_view::npos) fail_input(path, "VTK XML file is not PolyData");
  } else if (data.substr(0, 22) != "# vtk DataFile Version") {
    fail_input(path, "not a legacy VTK file (first line must be \"# vtk DataFile Version ...\")");
  }

  // Errors come back through the observer; keep VTK from printing them on its own.
  vtkObject::GlobalWarningDisplayOff();
  ErrorCatcher catcher;
  vtkNew<vtkCallbackCommand> cb;
  cb->SetCallback(&ErrorCatcher::on_error);
  cb->SetClientData(&catcher);
  vtkSmartPointer<vtkPolyData> pd;
  const std::string contents(data);
  if (xml) {
    vtkNew<vtkXMLPolyDataReader> reader;
    reader->AddObserver(vtkCommand::ErrorEvent, cb);
    reader->ReadFromInputStringOn();
    reader->SetInputString(contents);
    reader->Update();
    pd = reader->GetOutput();
    out.encoding = data.find("format=\"appended\"") != std::string_view::npos ? "appended"
                   : data.find("format=\"binary\"") != std::string_view::npos ? "binary" : "ascii";
    out.binary = out.encoding != "ascii";
  } else {
    vtkNew<vtkPolyDataReader> reader;
    reader->AddObserver(vtkCommand::ErrorEvent, cb);
    reader->ReadFromInputStringOn();
    reader->SetInputString(contents);
    if (!reader->IsFilePolyData()) fail_input(path, "legacy VTK file does not hold POLYDATA");
    reader->Update();
    pd = reader->GetOutput();
    out.binary = reader->GetFileType() == VTK_BINARY;
    out.encoding = out.binary ? "binary" : "ascii";
  }
  if (!catcher.message.empty()) fail_input(path, "cannot be read: " + catcher.message);
  if (!pd || !pd->GetPoints() || pd->GetNumberOfPoints() == 0)
    fail_input(path, "contains no points (empty, truncated or malformed)");
  MeshBuilder builder(path);
  polydata_to_mesh(path, pd, builder);
  out.mesh = builder.finish();
}

}  // namespace contour::detail
