// VTP and legacy VTK output through VTK's writers, serialised to memory so the caller can
// write atomically.
#include "io/vtk_writers.hpp"

#include "contour/core/errors.hpp"

#include <vtkCellArray.h>
#include <vtkFloatArray.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataWriter.h>
#include <vtkXMLPolyDataWriter.h>

namespace contour::detail {

std::string polydata_bytes(const Mesh& mesh, const WriteMeshOptions& options, bool xml) {
  vtkNew<vtkPoints> pts;
  pts->SetDataTypeToDouble();
  pts->SetNumberOfPoints(mesh.num_vertices());
  for (Eigen::Index i = 0; i < mesh.num_vertices(); ++i) pts->SetPoint(i, mesh.V(i, 0), mesh.V(i, 1), mesh.V(i, 2));
  vtkNew<vtkCellArray> polys;
  polys->AllocateExact(mesh.num_faces(), 3 * mesh.num_faces());
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
    const vtkIdType ids[3] = {mesh.F(f, 0), mesh.F(f, 1), mesh.F(f, 2)};
    polys->InsertNextCell(3, ids);
  }
  vtkNew<vtkPolyData> pd;
  pd->SetPoints(pts);
  pd->SetPolys(polys);
  if (!options.vertex_scalar.empty()) {
    vtkNew<vtkFloatArray> s;
    s->SetName(options.vertex_scalar_name.c_str());
    s->SetNumberOfTuples(mesh.num_vertices());
    for (Eigen::Index i = 0; i < mesh.num_vertices(); ++i) s->SetValue(i, static_cast<float>(options.vertex_scalar[static_cast<std::size_t>(i)]));
    pd->GetPointData()->SetScalars(s);
  }
  if (xml) {
    vtkNew<vtkXMLPolyDataWriter> w;
    w->SetInputData(pd);
    w->WriteToOutputStringOn();
    if (options.binary) w->SetDataModeToAppended(); else w->SetDataModeToAscii();
    if (!w->Write()) throw IoError("VTK XML writer failed");
    return w->GetOutputString();
  }
  vtkNew<vtkPolyDataWriter> w;
  w->SetInputData(pd);
  w->WriteToOutputStringOn();
  if (options.binary) w->SetFileTypeToBinary(); else w->SetFileTypeToASCII();
  if (!w->Write()) throw IoError("VTK legacy writer failed");
  return w->GetOutputStdString();
}

}  // namespace contour::detail
