// The follow-up's difference map, rendered off-screen to PNG.
#include "contour/vtk/difference_images.hpp"

#include "contour/core/errors.hpp"
#include "contour/import/clean_mesh.hpp"
#include "contour/vtk/render_png.hpp"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkFloatArray.h>
#include <vtkLookupTable.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkPolyDataNormals.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace contour::vtk {
namespace {

// ColorBrewer RdBu (11 classes), blue (moved in) to red (moved out); colour-blind safe.
constexpr double kRdBu[11][3] = {{0.020, 0.188, 0.380}, {0.129, 0.400, 0.675}, {0.263, 0.576, 0.765},
                                 {0.573, 0.773, 0.871}, {0.820, 0.898, 0.941}, {0.969, 0.969, 0.969},
                                 {0.992, 0.859, 0.780}, {0.957, 0.647, 0.510}, {0.839, 0.376, 0.302},
                                 {0.698, 0.094, 0.169}, {0.404, 0.000, 0.122}};

double nice_up(double v) {
  if (!(v > 0)) return 1.0;
  const double mag = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0})
    if (m * mag >= v - 1e-12) return m * mag;
  return 10 * mag;
}

}  // namespace

void fill_difference_lookup_table(vtkLookupTable* lut, double top) {
  lut->SetNumberOfTableValues(11);
  lut->SetTableRange(-top, top);
  for (int i = 0; i < 11; ++i) lut->SetTableValue(i, kRdBu[i][0], kRdBu[i][1], kRdBu[i][2], 1.0);
  lut->SetNanColor(0.91, 0.74, 0.63, 1.0);  // skin: not measured
  lut->SetUseBelowRangeColor(true);
  lut->SetBelowRangeColor(kRdBu[0][0], kRdBu[0][1], kRdBu[0][2], 1.0);
  lut->SetUseAboveRangeColor(true);
  lut->SetAboveRangeColor(kRdBu[10][0], kRdBu[10][1], kRdBu[10][2], 1.0);
}

double difference_scale_mm(const std::vector<double>& d, double scale_max_mm) {
  if (scale_max_mm > 0) return scale_max_mm;
  // The 90th percentile of |difference| where the skin moved by more than the 0.5 mm noise
  // floor: with the largest value most of a graft fell in the two palest classes (a graft is
  // thin at its edges and the deepest vertex holds two to three times the typical gain), which
  // on screen is hard to tell from skin; the tenth beyond takes the end colours.
  std::vector<double> moved;
  for (double x : d)
    if (std::isfinite(x) && std::abs(x) > 0.5) moved.push_back(std::abs(x));
  if (moved.empty()) return 1.0;
  const auto k = static_cast<std::ptrdiff_t>(0.90 * static_cast<double>(moved.size() - 1));
  std::nth_element(moved.begin(), moved.begin() + k, moved.end());
  return nice_up(moved[static_cast<std::size_t>(k)]);
}

std::vector<ReportImage> render_difference_images(const PlanResult& pre, const FollowupResult& r,
                                                  const DifferenceImageOptions& o) {
  const Mesh& mesh = pre.geometry.surface.before;
  if (r.difference_mm.size() != static_cast<std::size_t>(mesh.num_vertices()))
    throw InvalidInput("difference map: " + std::to_string(r.difference_mm.size()) + " values for " +
                       std::to_string(mesh.num_vertices()) + " vertices");
  if (o.width_px < 16 || o.width_px > 8192 || o.height_px < 16 || o.height_px > 8192)
    throw InvalidInput("difference map: image size must be 16..8192 pixels each way");
  check_display();

  vtkNew<vtkPoints> points;
  points->SetNumberOfPoints(mesh.num_vertices());
  vtkNew<vtkFloatArray> scalars;
  scalars->SetName("difference_mm");
  scalars->SetNumberOfTuples(mesh.num_vertices());
  for (Eigen::Index v = 0; v < mesh.num_vertices(); ++v) {
    points->SetPoint(v, mesh.V(v, 0), mesh.V(v, 1), mesh.V(v, 2));
    const double d = r.difference_mm[static_cast<std::size_t>(v)];
    scalars->SetValue(v, std::isfinite(d) ? static_cast<float>(d) : std::numeric_limits<float>::quiet_NaN());
  }
  // The body piece only: arms and strays are not measured and would hide the hip from the side.
  const Pieces pieces = connected_pieces(mesh);
  const auto body = static_cast<int>(std::max_element(pieces.area.begin(), pieces.area.end()) - pieces.area.begin());
  std::vector<char> on_body(static_cast<std::size_t>(mesh.num_vertices()), 0);
  vtkNew<vtkCellArray> polys;
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
    if (pieces.face_piece[static_cast<std::size_t>(f)] != body) continue;
    for (int k = 0; k < 3; ++k) on_body[static_cast<std::size_t>(mesh.F(f, k))] = 1;
    const vtkIdType ids[3] = {mesh.F(f, 0), mesh.F(f, 1), mesh.F(f, 2)};
    polys->InsertNextCell(3, ids);
  }
  vtkNew<vtkPolyData> data;
  data->SetPoints(points);
  data->SetPolys(polys);
  data->GetPointData()->SetScalars(scalars);
  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputData(data);
  normals->SplittingOff();
  normals->ConsistencyOff();
  normals->AutoOrientNormalsOff();

  const double top = difference_scale_mm(r.difference_mm, o.scale_max_mm);
  vtkNew<vtkLookupTable> lut;
  fill_difference_lookup_table(lut, top);

  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputConnection(normals->GetOutputPort());
  mapper->SetLookupTable(lut);
  mapper->UseLookupTableScalarRangeOn();
  mapper->SetScalarModeToUsePointData();
  mapper->InterpolateScalarsBeforeMappingOn();
  vtkNew<vtkActor> actor;
  actor->SetMapper(mapper);
  actor->GetProperty()->SetSpecular(0.1);

  vtkNew<vtkScalarBarActor> bar;
  bar->SetLookupTable(lut);
  bar->SetTitle("post - pre, mm");
  bar->SetNumberOfLabels(5);
  bar->SetLabelFormat(top < 5 ? "%.1f" : "%.0f");
  bar->SetPosition(0.84, 0.12);
  bar->SetWidth(0.15);
  bar->SetHeight(0.66);
  bar->SetVerticalTitleSeparation(std::max(6, o.height_px / 60));
  bar->SetBarRatio(0.3);
  bar->SetTextPositionToPrecedeScalarBar();
  bar->UnconstrainedFontSizeOn();
  for (vtkTextProperty* tp : {bar->GetTitleTextProperty(), bar->GetLabelTextProperty()}) {
    tp->SetColor(0.1, 0.1, 0.1);
    tp->SetFontSize(std::max(12, o.width_px / 45));
    tp->SetShadow(false);
    tp->SetItalic(false);
  }
  vtkNew<vtkRenderer> renderer;
  renderer->SetBackground(1, 1, 1);
  renderer->AddActor(actor);
  renderer->AddActor2D(bar);

  // Framing: the hips, from below the thighs' landmarks to above the waist.
  double z_lo = std::numeric_limits<double>::infinity(), z_hi = -z_lo;
  for (const SideGeometry& sg : pre.geometry.sides) {
    z_lo = std::min(z_lo, sg.landmarks.z.thigh_z_mm - 80);
    z_hi = std::max(z_hi, sg.landmarks.z.waist_z_mm + 80);
  }
  double lo[3] = {1e300, 1e300, z_lo}, hi[3] = {-1e300, -1e300, z_hi};
  for (Eigen::Index v = 0; v < mesh.num_vertices(); ++v) {
    if (mesh.V(v, 2) < z_lo || mesh.V(v, 2) > z_hi) continue;
    if (!on_body[static_cast<std::size_t>(v)]) continue;
    for (int k = 0; k < 2; ++k) lo[k] = std::min(lo[k], mesh.V(v, k)), hi[k] = std::max(hi[k], mesh.V(v, k));
  }
  if (!(lo[0] < hi[0])) {
    const BoundingBox b = bounding_box(mesh.V);
    for (int k = 0; k < 3; ++k) lo[k] = b.min[k], hi[k] = b.max[k];
  }
  const double c[3] = {0.5 * (lo[0] + hi[0]), 0.5 * (lo[1] + hi[1]), 0.5 * (lo[2] + hi[2])};
  const double dist = 4.0 * std::max({hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2], 1.0});
  const double aspect = static_cast<double>(o.width_px) / o.height_px;

  struct View {
    const char* title;
    double dx, dy;
    double across;
  };
  const View views[] = {{"Front, difference post - pre", 0, 1, hi[0] - lo[0]},
                        {"Right side, difference post - pre", 1, 0, hi[1] - lo[1]},
                        {"Left side, difference post - pre", -1, 0, hi[1] - lo[1]},
                        {"Back, difference post - pre", 0, -1, hi[0] - lo[0]}};
  char caption[256];
  std::snprintf(caption, sizeof caption,
                "the pre-operative surface coloured by how far the follow-up's skin lies outside it (red) or inside "
                "it (blue), -%g to +%g mm; skin colour: not measured; arms left out",
                top, top);
  std::vector<ReportImage> out;
  // One window for every view: closing the X connection between views lets a virtual X server
  // reset under the next one.
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetMultiSamples(8);
  window->SetSize(o.width_px, o.height_px);
  window->AddRenderer(renderer);
  for (const View& view : views) {
    vtkCamera* cam = renderer->GetActiveCamera();
    cam->ParallelProjectionOn();
    cam->SetFocalPoint(c[0], c[1], c[2]);
    cam->SetPosition(c[0] + view.dx * dist, c[1] + view.dy * dist, c[2]);
    cam->SetViewUp(0, 0, 1);
    // Room on the right for the scale (16 % of the width).
    cam->SetParallelScale(0.55 * std::max(hi[2] - lo[2], (view.across + 80) / (aspect * 0.84)));
    cam->SetWindowCenter(0.16, 0.0);
    renderer->ResetCameraClippingRange();
    window->Render();
    ReportImage img{view.title, caption, window_png_bytes(window)};
    if (img.png.empty()) {
      window->Finalize();
      throw RenderError("render: the PNG encoder produced no data");
    }
    out.push_back(std::move(img));
  }
  window->RemoveRenderer(renderer);
  window->Finalize();
  return out;
}

}  // namespace contour::vtk
