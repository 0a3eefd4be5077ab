#include "contour/vtk/plan_scene.hpp"

#include "contour/core/cluster_faces.hpp"

#include "contour/core/errors.hpp"
#include "contour/report/report_text.hpp"
#include "contour/silhouette/find_landmarks.hpp"
#include "contour/vtk/difference_images.hpp"

#include <vtkActor.h>
#include <vtkActor2D.h>
#include <vtkBillboardTextActor3D.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCoordinate.h>
#include <vtkDoubleArray.h>
#include <vtkFloatArray.h>
#include <vtkIdTypeArray.h>
#include <vtkLookupTable.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>
#include <tuple>

namespace contour::vtk {

namespace {

constexpr int kLeft = 0, kRight = 1;
/// Share of the window width the text panel takes (left column).
constexpr double kPanelWidthFraction = 0.38;
/// Share of the window width kept free for the scalar bar (right column).
constexpr double kScalarBarWidthFraction = 0.13;

void set_colour(vtkProperty* p, const std::array<double, 3>& c) { p->SetColor(c[0], c[1], c[2]); }

vtkSmartPointer<vtkCellArray> triangles(const std::vector<int>& face_vertices) {
  const vtkIdType nf = static_cast<vtkIdType>(face_vertices.size() / 3);
  vtkNew<vtkIdTypeArray> offsets, conn;
  offsets->SetNumberOfValues(nf + 1);
  conn->SetNumberOfValues(3 * nf);
  for (vtkIdType f = 0; f <= nf; ++f) offsets->SetValue(f, 3 * f);
  for (vtkIdType k = 0; k < 3 * nf; ++k) conn->SetValue(k, face_vertices[static_cast<std::size_t>(k)]);
  auto cells = vtkSmartPointer<vtkCellArray>::New();
  cells->SetData(offsets, conn);
  return cells;
}

vtkSmartPointer<vtkPoints> float_points(vtkIdType n) {
  auto pts = vtkSmartPointer<vtkPoints>::New();
  pts->SetDataTypeToFloat();
  pts->SetNumberOfPoints(n);
  return pts;
}

float* float_data(vtkPoints* pts) { return static_cast<float*>(pts->GetData()->GetVoidPointer(0)); }

/// Area-weighted vertex normals of the vertices flagged in `mask` (all if mask is null), from
/// the faces in `faces` (3 indices each), which must include every face around those vertices.
void recompute_normals(float* normals, const float* points, const std::vector<int>& faces,
                       const std::vector<int>& vertices, const std::vector<char>* mask) {
  for (int v : vertices) std::fill(normals + 3 * v, normals + 3 * v + 3, 0.0f);
  for (std::size_t f = 0; f + 2 < faces.size(); f += 3) {
    const float* a = points + 3 * faces[f];
    const float* b = points + 3 * faces[f + 1];
    const float* c = points + 3 * faces[f + 2];
    const float u[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
    const float w[3] = {c[0] - a[0], c[1] - a[1], c[2] - a[2]};
    const float n[3] = {u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]};
    for (int k = 0; k < 3; ++k) {
      const int v = faces[f + k];
      if (mask && !(*mask)[static_cast<std::size_t>(v)]) continue;
      float* out = normals + 3 * v;
      out[0] += n[0], out[1] += n[1], out[2] += n[2];
    }
  }
  for (int v : vertices) {
    float* n = normals + 3 * v;
    const float len = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    if (len > 0) n[0] /= len, n[1] /= len, n[2] /= len;
    else n[0] = 0, n[1] = 0, n[2] = 1;
  }
}

/// Anterior coordinate of a side's lateral extreme, smoothed over height. In a concave dip the
/// extreme jumps between the front and back rims; outlines and landmarks are drawn at the
/// smoothed value. A point at the silhouette's half-width is never inside the body, whatever
/// its anterior coordinate, so the outline stays visible.
std::vector<double> smoothed_extreme_y(const Silhouette& sil, Side side) {
  const auto& ys = side == Side::Left ? sil.left_y : sil.right_y;
  std::vector<double> filled = ys;  // invalid samples take the last valid value
  for (std::size_t i = 0, last_valid = 0; i < ys.size(); ++i) {
    if (sil.valid[i]) last_valid = i;
    else filled[i] = std::isfinite(ys[last_valid]) ? ys[last_valid] : 0.0;
  }
  return smooth_samples(filled, 6.0);
}

std::size_t nearest_index(const std::vector<double>& z, double value) {
  std::size_t best = 0;
  for (std::size_t i = 0; i < z.size(); ++i)
    if (std::abs(z[i] - value) < std::abs(z[best] - value)) best = i;
  return best;
}

/// Side fill V(f) = c1 f + c2 f^2 + c3 f^3 summed over a side's regions, mL.
double side_fill_at(const GeometryResult& g, Side side, double f) {
  double v = 0;
  for (const auto& r : g.regions)
    if (r.region.side == side) {
      const auto& c = r.prism_coefficients;
      v += c[0] * f + c[1] * f * f + c[2] * f * f * f;
    }
  return v;
}

/// The correction fraction whose side fill equals `volume_ml` (bisection on [0, 3]).
double fraction_for_volume(const GeometryResult& g, Side side, double volume_ml) {
  if (volume_ml <= 0) return 0.0;
  double lo = 0, hi = 3.0;
  if (side_fill_at(g, side, hi) <= volume_ml) return hi;
  for (int it = 0; it < 60; ++it) {
    const double mid = 0.5 * (lo + hi);
    (side_fill_at(g, side, mid) < volume_ml ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

std::string fmt(const char* format, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, a);
  return buf;
}


/// True for a point laterally outside the body's silhouette at its height (+8 mm, more than the
/// slice spacing lets the surface bulge between slices): an arm or a hand, not the body. Only
/// within the silhouette's heights: above them the shoulder would count too, and ghosting it
/// opens a window into the body.
bool beside_body(const Silhouette& sil, const Eigen::Vector3d& c) {
  if (sil.z.size() < 2 || c.z() < sil.z.front() || c.z() > sil.z.back()) return false;
  const double z = c.z();
  const std::size_t j = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::lower_bound(sil.z.begin(), sil.z.end(), z) - sil.z.begin()));
  const std::size_t i = j - 1;
  if (!sil.valid[i] || !sil.valid[j]) return false;
  const Side side = c.x() >= 0 ? Side::Right : Side::Left;
  const double t = sil.z[j] > sil.z[i] ? std::clamp((z - sil.z[i]) / (sil.z[j] - sil.z[i]), 0.0, 1.0) : 0.0;
  const double w = (1 - t) * sil.width(side, i) + t * sil.width(side, j);
  return std::abs(c.x()) > w + 8.0;
}

/// A colour scale in the right column (kScalarBarWidthFraction), below its title, clear of the
/// body, its text in the scene's text colour.
void place_scale_bar(vtkScalarBarActor* bar, const std::array<double, 3>& tc) {
  bar->SetPosition(0.885, 0.22);
  bar->SetWidth(0.10);
  bar->SetHeight(0.55);
  bar->SetBarRatio(0.3);
  bar->SetTextPositionToPrecedeScalarBar();
  bar->UnconstrainedFontSizeOn();
  for (vtkTextProperty* tp : {bar->GetTitleTextProperty(), bar->GetLabelTextProperty()}) {
    tp->SetColor(tc[0], tc[1], tc[2]);
    tp->SetFontSize(14);
    tp->SetShadow(false);
    tp->SetItalic(false);
  }
}

std::array<double, 3> text_colour(const SceneOptions& o) {
  return o.light_background ? std::array<double, 3>{0.1, 0.1, 0.1} : std::array<double, 3>{1, 1, 1};
}

void style_label(vtkTextProperty* tp, int size, const std::array<double, 3>& colour, bool light_background) {
  tp->SetFontSize(size);
  tp->SetColor(colour[0], colour[1], colour[2]);
  tp->SetBold(true);
  tp->SetVerticalJustificationToCentered();
  const double bg = light_background ? 1.0 : 0.0;
  tp->SetBackgroundColor(bg, bg, bg);
  tp->SetBackgroundOpacity(0.55);
}

}  // namespace

const char* view_preset_name(ViewPreset view) {
  switch (view) {
    case ViewPreset::front: return "front";
    case ViewPreset::side: return "right";
    case ViewPreset::back: return "back";
    case ViewPreset::left: return "left";
    case ViewPreset::front_right: return "front-right";
    case ViewPreset::front_left: return "front-left";
  }
  return "front";
}

ViewPreset parse_view_preset(const std::string& name) {
  if (name == "side") return ViewPreset::side;
  for (ViewPreset v : kAllViews)
    if (name == view_preset_name(v)) return v;
  throw InvalidInput("view: expected front, right (side), back, left, front-right or front-left, got \"" + name + "\"");
}

const char* shape_name(Shape shape) {
  switch (shape) {
    case Shape::before: return "before";
    case Shape::target: return "target";
    case Shape::expected_low_resorption: return "expected at low resorption";
    case Shape::expected_high_resorption: return "expected at high resorption";
  }
  return "before";
}

struct PlanScene::Vtk {
  vtkNew<vtkRenderer> renderer;

  vtkNew<vtkPolyData> surface;
  vtkSmartPointer<vtkPoints> surface_points;
  vtkNew<vtkFloatArray> surface_normals;
  vtkNew<vtkFloatArray> fill;
  /// Drawn: body faces that never change (own copy of the arrays), the ring around the fill
  /// region (compact arrays refreshed on update), and the faces beside the body (arms, hands),
  /// ghosted in the side view.
  vtkNew<vtkProperty> skin;
  vtkNew<vtkPolyData> body;
  vtkNew<vtkPolyDataMapper> body_mapper;
  vtkNew<vtkActor> body_actor;
  vtkNew<vtkPolyData> ring;
  vtkSmartPointer<vtkPoints> ring_points;
  vtkNew<vtkFloatArray> ring_normals, ring_fill;
  vtkNew<vtkPolyDataMapper> ring_mapper;
  vtkNew<vtkActor> ring_actor;
  vtkNew<vtkPolyData> limbs;
  vtkNew<vtkPolyDataMapper> limb_mapper;
  vtkNew<vtkActor> limb_actor;
  /// Level of detail (set_interactive): coarse copies of the body and limb faces, drawn from the
  /// same points and point arrays, shown instead of the full ones while the user drags.
  vtkNew<vtkPolyData> body_coarse, limbs_coarse;
  vtkNew<vtkPolyDataMapper> body_coarse_mapper, limb_coarse_mapper;
  vtkNew<vtkActor> body_coarse_actor, limb_coarse_actor;
  /// The ring's and the overlay's triangles, full and coarse (same points), swapped by
  /// set_interactive.
  vtkSmartPointer<vtkCellArray> ring_full, ring_coarse, overlay_full, overlay_coarse;

  vtkNew<vtkPolyData> overlay;
  vtkSmartPointer<vtkPoints> overlay_points;
  vtkNew<vtkFloatArray> overlay_normals;
  vtkNew<vtkUnsignedCharArray> overlay_colours;  ///< RGBA: alpha grows with the fill thickness
  vtkNew<vtkPolyDataMapper> overlay_mapper;
  vtkNew<vtkActor> overlay_actor;
  std::vector<int> overlay_faces;  ///< local indices, 3 per face

  /// Layer 1, same camera: outlines, landmark points and side marks are never hidden.
  vtkNew<vtkRenderer> front;
  /// Per side [left, right], so the far side's outline can be hidden in the side views.
  std::array<vtkNew<vtkPolyData>, 2> before_curve, target_curve;
  std::array<vtkNew<vtkPolyDataMapper>, 2> before_curve_mapper, target_curve_mapper;
  std::array<vtkNew<vtkActor>, 2> before_curve_actor, target_curve_actor;
  std::array<vtkNew<vtkBillboardTextActor3D>, 2> side_mark;  ///< "L", "R"

  vtkNew<vtkPolyData> landmarks;
  vtkNew<vtkPolyDataMapper> landmark_mapper;
  vtkNew<vtkActor> landmark_actor;
  struct Label {
    vtkSmartPointer<vtkBillboardTextActor3D> actor;
    int side = 0;
    double point[3] = {0, 0, 0};  ///< the landmark on the silhouette
  };
  std::vector<Label> labels;

  vtkNew<vtkLookupTable> lut;
  vtkNew<vtkScalarBarActor> scalar_bar;
  /// Follow-up (set_followup): the difference map's colours and bar, its values on the drawn
  /// body and ring (point arrays "difference_mm" beside the fill), and its outline per side.
  vtkNew<vtkLookupTable> diff_lut;
  vtkNew<vtkScalarBarActor> diff_bar;
  vtkNew<vtkFloatArray> body_diff, ring_diff;
  std::array<vtkNew<vtkPolyData>, 2> post_curve;
  std::array<vtkNew<vtkPolyDataMapper>, 2> post_curve_mapper;
  std::array<vtkNew<vtkActor>, 2> post_curve_actor;
  vtkNew<vtkTextActor> panel;
  vtkNew<vtkTextActor> legend;
};

PlanScene::PlanScene(std::shared_ptr<const PlanResult> plan, GraftOptions graft, SceneOptions options)
    : plan_(std::move(plan)), base_graft_(std::move(graft)), options_(options), vtk_(std::make_unique<Vtk>()) {
  if (!plan_) throw InvalidInput("scene: no plan");
  const TargetSurface& s = plan_->geometry.surface;
  const Eigen::Index nv = s.before.V.rows();
  if (s.displacement.rows() != nv || static_cast<Eigen::Index>(s.fill_mm.size()) != nv ||
      static_cast<Eigen::Index>(s.side_of_vertex.size()) != nv)
    throw InvalidInput("scene: target surface data have " + std::to_string(s.displacement.rows()) + " displacements, " +
                       std::to_string(s.fill_mm.size()) + " fills and " + std::to_string(s.side_of_vertex.size()) +
                       " side flags for " + std::to_string(nv) + " vertices");
  what_if_.correction = plan_->geometry.correction;
  find_patch();
  build_surface_and_limbs();
  build_colours();
  build_overlay();
  build_curves_and_landmarks();
  build_text();
  frame_focus_box();
  set_what_if(what_if_);
  update_visibility();
  set_view(ViewPreset::front);
}

/// Which vertices move, the faces around them and the ring whose normals change.
void PlanScene::find_patch() {
  const TargetSurface& s = plan_->geometry.surface;
  const Eigen::Index nv = s.before.V.rows(), nf = s.before.F.rows();
  for (Eigen::Index i = 0; i < nv; ++i) {
    if (s.displacement.row(i).squaredNorm() > 0) moved_.push_back(static_cast<int>(i));
    max_fill_mm_ = std::max(max_fill_mm_, s.fill_mm[static_cast<std::size_t>(i)]);
  }
  std::vector<char> is_moved(static_cast<std::size_t>(nv), 0), in_patch(static_cast<std::size_t>(nv), 0);
  for (int i : moved_) is_moved[static_cast<std::size_t>(i)] = 1;
  for (Eigen::Index f = 0; f < nf; ++f) {
    bool touches = false;
    for (int k = 0; k < 3; ++k) touches = touches || is_moved[static_cast<std::size_t>(s.before.F(f, k))];
    if (!touches) continue;
    patch_faces_.push_back(static_cast<int>(f));
    for (int k = 0; k < 3; ++k) in_patch[static_cast<std::size_t>(s.before.F(f, k))] = 1;
  }
  for (Eigen::Index i = 0; i < nv; ++i)
    if (in_patch[static_cast<std::size_t>(i)]) patch_vertices_.push_back(static_cast<int>(i));
  for (Eigen::Index f = 0; f < nf; ++f) {
    bool touches = false;
    for (int k = 0; k < 3; ++k) touches = touches || in_patch[static_cast<std::size_t>(s.before.F(f, k))];
    if (touches)
      for (int k = 0; k < 3; ++k) normal_faces_.push_back(s.before.F(f, k));
  }
  patch_mask_ = std::move(in_patch);
}

/// The solid surface: the unchanging body, the ring around the fill region (refreshed on each
/// update) and the limbs beside the body (ghosted in the side views).
void PlanScene::build_surface_and_limbs() {
  const GeometryResult& g = plan_->geometry;
  const TargetSurface& s = g.surface;
  const Eigen::Index nv = s.before.V.rows(), nf = s.before.F.rows();
  Vtk& v = *vtk_;
  v.surface_points = float_points(nv);
  float* p = float_data(v.surface_points);
  for (Eigen::Index i = 0; i < nv; ++i)
    for (int k = 0; k < 3; ++k) p[3 * i + k] = static_cast<float>(s.before.V(i, k));
  std::vector<int> faces(s.before.F.data(), s.before.F.data() + 3 * nf);
  std::vector<int> body_faces, limb_faces;
  body_faces.reserve(faces.size());
  for (Eigen::Index f = 0; f < nf; ++f) {
    const Eigen::Vector3d c =
        (s.before.V.row(s.before.F(f, 0)) + s.before.V.row(s.before.F(f, 1)) + s.before.V.row(s.before.F(f, 2))).transpose() / 3.0;
    auto& out = beside_body(g.silhouette, c) ? limb_faces : body_faces;
    for (int k = 0; k < 3; ++k) out.push_back(s.before.F(f, k));
  }
  v.surface->SetPoints(v.surface_points);
  v.surface->SetPolys(triangles(body_faces));
  v.surface_normals->SetName("Normals");
  v.surface_normals->SetNumberOfComponents(3);
  v.surface_normals->SetNumberOfTuples(nv);
  std::vector<int> all(static_cast<std::size_t>(nv));
  for (Eigen::Index i = 0; i < nv; ++i) all[static_cast<std::size_t>(i)] = static_cast<int>(i);
  recompute_normals(v.surface_normals->GetPointer(0), p, faces, all, nullptr);
  v.surface->GetPointData()->SetNormals(v.surface_normals);
  v.fill->SetName("fill_mm");
  v.fill->SetNumberOfTuples(nv);
  v.fill->FillValue(0.0f);
  v.surface->GetPointData()->SetScalars(v.fill);

  // What is drawn. Re-uploading a million-triangle mesh to the graphics card on every slider
  // step would cost far more than the update itself, so the faces whose vertices never change
  // are drawn from a copy of the arrays made once, and only the ring of faces around the fill
  // region (normal_faces_) is drawn from compact arrays refreshed on each update.
  std::vector<int> ring_index(static_cast<std::size_t>(nv), -1);
  for (int i : normal_faces_) ring_index[static_cast<std::size_t>(i)] = 0;
  for (Eigen::Index i = 0; i < nv; ++i)
    if (ring_index[static_cast<std::size_t>(i)] == 0) {
      ring_index[static_cast<std::size_t>(i)] = static_cast<int>(ring_local_.size());
      ring_local_.push_back(static_cast<int>(i));
    }
  std::vector<int> ring_faces;
  for (int i : normal_faces_) ring_faces.push_back(ring_index[static_cast<std::size_t>(i)]);
  auto strip_ring = [&](const std::vector<int>& fs) {
    std::vector<int> out;
    out.reserve(fs.size());
    for (std::size_t f = 0; f + 2 < fs.size(); f += 3) {
      bool touches = false;
      for (int k = 0; k < 3; ++k) touches = touches || patch_mask_[static_cast<std::size_t>(fs[f + k])];
      if (!touches) out.insert(out.end(), fs.begin() + static_cast<std::ptrdiff_t>(f), fs.begin() + static_cast<std::ptrdiff_t>(f) + 3);
    }
    return out;
  };
  vtkNew<vtkPoints> static_points;
  static_points->DeepCopy(v.surface_points);
  vtkNew<vtkFloatArray> static_normals, static_fill;
  static_normals->DeepCopy(v.surface_normals);
  static_fill->DeepCopy(v.fill);
  v.body->SetPoints(static_points);
  v.body->SetPolys(triangles(strip_ring(body_faces)));
  v.body->GetPointData()->SetNormals(static_normals);
  v.body->GetPointData()->SetScalars(static_fill);
  const std::vector<int> drawn_body = strip_ring(body_faces), drawn_limbs = strip_ring(limb_faces);
  v.limbs->SetPoints(static_points);
  v.limbs->SetPolys(triangles(drawn_limbs));
  v.limbs->GetPointData()->SetNormals(static_normals);
  // The coarse copies for dragging, when the full body is worth it (a million triangles take
  // most of a second per frame in software OpenGL; the coarse ones a fraction of that).
  const std::size_t drawn = (drawn_body.size() + drawn_limbs.size()) / 3;
  if (options_.interactive_triangles > 0 && drawn > 2 * options_.interactive_triangles) {
    double area = 0;
    for (const std::vector<int>* fs : {&drawn_body, &drawn_limbs})
      for (std::size_t f = 0; f + 2 < fs->size(); f += 3) {
        const Eigen::Vector3d a = s.before.V.row((*fs)[f]), b = s.before.V.row((*fs)[f + 1]), c = s.before.V.row((*fs)[f + 2]);
        area += 0.5 * (b - a).cross(c - a).norm();
      }
    const double cell = cluster_cell_for(area, options_.interactive_triangles);
    v.body_coarse->SetPoints(static_points);
    v.body_coarse->SetPolys(triangles(cluster_faces(p, static_cast<std::size_t>(nv), drawn_body, cell)));
    v.limbs_coarse->SetPoints(static_points);
    v.limbs_coarse->SetPolys(triangles(cluster_faces(p, static_cast<std::size_t>(nv), drawn_limbs, cell)));
    has_coarse_ = true;
    coarse_cell_mm_ = cell;
  }
  v.ring_points = float_points(static_cast<vtkIdType>(ring_local_.size()));
  v.ring_normals->SetName("Normals");
  v.ring_normals->SetNumberOfComponents(3);
  v.ring_normals->SetNumberOfTuples(static_cast<vtkIdType>(ring_local_.size()));
  v.ring_fill->SetName("fill_mm");
  v.ring_fill->SetNumberOfTuples(static_cast<vtkIdType>(ring_local_.size()));
  v.ring->SetPoints(v.ring_points);
  v.ring_full = triangles(ring_faces);
  v.ring->SetPolys(v.ring_full);
  if (has_coarse_) {
    std::vector<float> xyz(3 * ring_local_.size());
    for (std::size_t k = 0; k < ring_local_.size(); ++k)
      for (int c = 0; c < 3; ++c) xyz[3 * k + c] = p[3 * static_cast<std::size_t>(ring_local_[k]) + static_cast<std::size_t>(c)];
    v.ring_coarse = triangles(cluster_faces(xyz.data(), ring_local_.size(), ring_faces, coarse_cell_mm_));
  }
  v.ring->GetPointData()->SetNormals(v.ring_normals);
  v.ring->GetPointData()->SetScalars(v.ring_fill);
}

/// Fill colour map (skin below the threshold, then light to dark blue: one hue, so it reads by
/// lightness with any colour vision), the skin material, the body and limb actors.
void PlanScene::build_colours() {
  Vtk& v = *vtk_;
  const double top = fill_scale_top();
  v.lut->SetNumberOfTableValues(256);
  v.lut->SetTableRange(0.0, top);
  for (int i = 0; i < 256; ++i) {
    const double lo = top * i / 256.0, t = (i + 0.5) / 256.0;
    if (lo < options_.fill_colour_threshold_mm) {
      v.lut->SetTableValue(i, ScenePalette::skin[0], ScenePalette::skin[1], ScenePalette::skin[2], 1.0);
      continue;
    }
    const auto& a = ScenePalette::fill_low;
    const auto& b = ScenePalette::fill_mid;
    const auto& c = ScenePalette::fill_high;
    double rgb[3];
    for (int k = 0; k < 3; ++k) rgb[k] = t < 0.5 ? a[k] + (b[k] - a[k]) * t * 2 : b[k] + (c[k] - b[k]) * (t - 0.5) * 2;
    v.lut->SetTableValue(i, rgb[0], rgb[1], rgb[2], 1.0);
  }
  set_colour(v.skin, ScenePalette::skin);
  v.skin->SetSpecular(0.15);
  v.skin->SetSpecularPower(20);
  for (auto [data, mapper, actor] : {std::tuple{v.body.Get(), v.body_mapper.Get(), v.body_actor.Get()},
                                     std::tuple{v.ring.Get(), v.ring_mapper.Get(), v.ring_actor.Get()}}) {
    mapper->SetInputData(data);
    mapper->SetLookupTable(v.lut);
    mapper->UseLookupTableScalarRangeOn();
    mapper->SetScalarModeToUsePointData();
    actor->SetMapper(mapper);
    actor->SetProperty(v.skin);
    v.renderer->AddActor(actor);
  }
  v.limb_mapper->SetInputData(v.limbs);
  v.limb_mapper->ScalarVisibilityOff();
  v.limb_actor->SetMapper(v.limb_mapper);
  v.limb_actor->GetProperty()->DeepCopy(v.skin);
  v.renderer->AddActor(v.limb_actor);
  if (has_coarse_) {
    v.body_coarse->GetPointData()->PassData(v.body->GetPointData());
    v.limbs_coarse->GetPointData()->PassData(v.limbs->GetPointData());
    v.body_coarse_mapper->SetInputData(v.body_coarse);
    v.body_coarse_mapper->SetLookupTable(v.lut);
    v.body_coarse_mapper->UseLookupTableScalarRangeOn();
    v.body_coarse_mapper->SetScalarModeToUsePointData();
    v.body_coarse_actor->SetMapper(v.body_coarse_mapper);
    v.body_coarse_actor->SetProperty(v.skin);
    v.limb_coarse_mapper->SetInputData(v.limbs_coarse);
    v.limb_coarse_mapper->ScalarVisibilityOff();
    v.limb_coarse_actor->SetMapper(v.limb_coarse_mapper);
    v.limb_coarse_actor->SetProperty(v.limb_actor->GetProperty());  // shared: its opacity follows the view
    v.renderer->AddActor(v.body_coarse_actor);
    v.renderer->AddActor(v.limb_coarse_actor);
  }
  if (options_.light_background) {
    v.renderer->SetBackground(1, 1, 1);
  } else {
    v.renderer->GradientBackgroundOn();
    v.renderer->SetBackground(0.30, 0.31, 0.33);
    v.renderer->SetBackground2(0.12, 0.12, 0.14);
  }
}

double PlanScene::fill_scale_top() const {
  if (options_.fill_scale_max_mm > 0) return options_.fill_scale_max_mm;
  return max_fill_mm_ > options_.fill_colour_threshold_mm ? max_fill_mm_ : options_.fill_colour_threshold_mm + 1;
}

/// The translucent target patch.
void PlanScene::build_overlay() {
  const TargetSurface& s = plan_->geometry.surface;
  Vtk& v = *vtk_;
  std::vector<int> local(static_cast<std::size_t>(s.before.V.rows()), -1);
  for (std::size_t k = 0; k < patch_vertices_.size(); ++k) local[static_cast<std::size_t>(patch_vertices_[k])] = static_cast<int>(k);
  v.overlay_points = float_points(static_cast<vtkIdType>(patch_vertices_.size()));
  for (int f : patch_faces_)
    for (int k = 0; k < 3; ++k) v.overlay_faces.push_back(local[static_cast<std::size_t>(s.before.F(f, k))]);
  v.overlay->SetPoints(v.overlay_points);
  v.overlay_full = triangles(v.overlay_faces);
  v.overlay->SetPolys(v.overlay_full);
  if (has_coarse_) {
    std::vector<float> xyz(3 * patch_vertices_.size());
    for (std::size_t k = 0; k < patch_vertices_.size(); ++k)
      for (int c = 0; c < 3; ++c) xyz[3 * k + c] = static_cast<float>(s.before.V(patch_vertices_[k], c));
    v.overlay_coarse = triangles(cluster_faces(xyz.data(), patch_vertices_.size(), v.overlay_faces, coarse_cell_mm_));
  }
  v.overlay_normals->SetName("Normals");
  v.overlay_normals->SetNumberOfComponents(3);
  v.overlay_normals->SetNumberOfTuples(static_cast<vtkIdType>(patch_vertices_.size()));
  v.overlay->GetPointData()->SetNormals(v.overlay_normals);
  v.overlay_colours->SetName("overlay_rgba");
  v.overlay_colours->SetNumberOfComponents(4);
  v.overlay_colours->SetNumberOfTuples(static_cast<vtkIdType>(patch_vertices_.size()));
  v.overlay->GetPointData()->SetScalars(v.overlay_colours);
  v.overlay_mapper->SetInputData(v.overlay);
  v.overlay_mapper->ScalarVisibilityOn();
  v.overlay_mapper->SetColorModeToDirectScalars();
  v.overlay_mapper->SetScalarModeToUsePointData();
  // The patch meets the scan along its rim: draw it slightly in front there.
  v.overlay_mapper->SetRelativeCoincidentTopologyPolygonOffsetParameters(-2, -2);
  v.overlay_actor->SetMapper(v.overlay_mapper);
  set_colour(v.overlay_actor->GetProperty(), ScenePalette::overlay);
  v.overlay_actor->GetProperty()->SetSpecular(0.3);
  v.renderer->AddActor(v.overlay_actor);
}

/// Outlines per side and landmark points in the front layer; labels beside the landmarks; the
/// patient's L and R marks.
void PlanScene::build_curves_and_landmarks() {
  const GeometryResult& g = plan_->geometry;
  Vtk& v = *vtk_;
  v.front->SetLayer(1);
  v.front->SetActiveCamera(v.renderer->GetActiveCamera());
  v.front->InteractiveOff();
  for (int side = 0; side < 2; ++side)
    for (auto [data, mapper, actor, colour] :
         {std::tuple{v.before_curve[side].Get(), v.before_curve_mapper[side].Get(), v.before_curve_actor[side].Get(),
                     ScenePalette::before_curve},
          std::tuple{v.target_curve[side].Get(), v.target_curve_mapper[side].Get(), v.target_curve_actor[side].Get(),
                     ScenePalette::target_curve}}) {
      mapper->SetInputData(data);
      actor->SetMapper(mapper);
      set_colour(actor->GetProperty(), colour);
      actor->GetProperty()->SetLineWidth(4);
      actor->GetProperty()->SetRenderLinesAsTubes(true);
      actor->GetProperty()->SetLighting(false);
      v.front->AddActor(actor);
    }
  // The target outline dashed-looking is not possible with tubes; it is drawn thinner instead,
  // so where the two coincide (outside the dip window) both colours show.
  for (auto& a : v.target_curve_actor) a->GetProperty()->SetLineWidth(2.5);

  const Silhouette& sil = g.silhouette;
  vtkNew<vtkPoints> lp;
  vtkNew<vtkCellArray> lverts;
  const std::array<double, 3> tc = text_colour(options_);
  for (int side = 0; side < 2 && !sil.z.empty(); ++side) {
    const SideGeometry& sg = g.sides[static_cast<std::size_t>(side)];
    const Landmarks& z = sg.landmarks.z;
    const double sign = side == kLeft ? -1.0 : 1.0;
    const std::vector<double> ys_smooth = smoothed_extreme_y(sil, sg.side);
    struct Item {
      const char* name;
      double z;
    };
    const Item items[] = {{"waist", z.waist_z_mm}, {"iliac crest", z.iliac_z_mm}, {"dip", z.dip_z_mm},
                          {"trochanter", z.trochanter_z_mm}};
    for (const Item& it : items) {
      const std::size_t i = nearest_index(sil.z, it.z);
      const double x = side == kLeft ? sil.left_x[i] : sil.right_x[i];
      const double y = ys_smooth[i];
      const vtkIdType id = lp->InsertNextPoint(x + sign * options_.curve_offset_mm, y, it.z);
      lverts->InsertNextCell(1, &id);
      std::string text = it.name;
      if (std::string(it.name) == "dip")
        text += sg.landmarks.has_dip ? " " + fmt("%.1f mm", sg.landmarks.dip_depth_mm) : " (none)";
      Vtk::Label label;
      label.side = side;
      label.actor = vtkSmartPointer<vtkBillboardTextActor3D>::New();
      label.actor->SetInput(text.c_str());
      label.point[0] = x, label.point[1] = y, label.point[2] = it.z;
      style_label(label.actor->GetTextProperty(), options_.label_font_size, tc, options_.light_background);
      // Drawn with the opaque geometry, so the translucent overlay cannot wash the text out.
      label.actor->SetForceOpaque(true);
      v.renderer->AddActor(label.actor);
      v.labels.push_back(label);
    }
  }
  v.landmarks->SetPoints(lp);
  v.landmarks->SetVerts(lverts);
  v.landmark_mapper->SetInputData(v.landmarks);
  v.landmark_actor->SetMapper(v.landmark_mapper);
  set_colour(v.landmark_actor->GetProperty(), ScenePalette::landmark);
  v.landmark_actor->GetProperty()->SetPointSize(12);
  v.landmark_actor->GetProperty()->SetRenderPointsAsSpheres(true);
  v.front->AddActor(v.landmark_actor);

  // The patient's L and R, large, on the body in every view.
  for (int side = 0; side < 2; ++side) {
    auto& m = v.side_mark[side];
    m->SetInput(side == kLeft ? "L" : "R");
    vtkTextProperty* tp = m->GetTextProperty();
    style_label(tp, 2 * options_.label_font_size, {1, 1, 1}, false);
    tp->SetBackgroundColor(0.1, 0.1, 0.1);
    tp->SetBackgroundOpacity(0.75);
    tp->SetJustificationToCentered();
    m->SetForceOpaque(true);
    v.front->AddActor(m);
  }
}

/// Scalar bar, numbers panel and key legend.
void PlanScene::build_text() {
  Vtk& v = *vtk_;
  const std::array<double, 3> tc = text_colour(options_);
  const double top = fill_scale_top();
  v.scalar_bar->SetLookupTable(v.lut);
  v.scalar_bar->SetTitle(options_.fill_scale_max_mm > 0 ? "Fill, mm (fixed)" : "Fill, mm");
  // Round labels: the smallest step of 0.5, 1, 2, 5, 10 or 20 mm that gives at most 8.
  double step = 20.0;
  for (double st : {0.5, 1.0, 2.0, 5.0, 10.0, 20.0})
    if (top / st <= 7.0) {
      step = st;
      break;
    }
  vtkNew<vtkDoubleArray> ticks;
  for (double t = 0; t <= top + 1e-9; t += step) ticks->InsertNextValue(t);
  v.scalar_bar->SetUseCustomLabels(true);
  v.scalar_bar->SetCustomLabels(ticks);
  v.scalar_bar->SetLabelFormat(step < 1 ? "%.1f" : "%.0f");
  place_scale_bar(v.scalar_bar, tc);
  v.renderer->AddActor2D(v.scalar_bar);

  auto text_actor = [&](vtkTextActor* a, double x, double y) {
    a->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    a->GetPositionCoordinate()->SetValue(x, y);
    vtkTextProperty* tp = a->GetTextProperty();
    tp->SetFontFamilyToCourier();
    tp->SetFontSize(options_.panel_font_size);
    tp->SetColor(tc[0], tc[1], tc[2]);
    tp->SetVerticalJustificationToTop();
    tp->SetBackgroundColor(options_.light_background ? 1.0 : 0.08, options_.light_background ? 1.0 : 0.08,
                           options_.light_background ? 1.0 : 0.1);
    tp->SetBackgroundOpacity(0.6);
    v.renderer->AddActor2D(a);
  };
  text_actor(v.panel, 0.01, 0.99);
  text_actor(v.legend, 0.01, 0.40);
  v.legend->SetInput(("Keys\n" + viewer_key_help() +
                      "\nColours: blue = before outline, orange = target\n"
                      "  outline and surface; fill: light to dark blue")
                         .c_str());
  v.legend->GetTextProperty()->SetFontSize(std::max(8, options_.panel_font_size - 2));
}

/// Focus box: the hips, from below the thigh end to above the waist, on the body's width (arms
/// left out). Labels are anchored in front of everything in that height range, arms included.
void PlanScene::frame_focus_box() {
  const GeometryResult& g = plan_->geometry;
  const TargetSurface& s = g.surface;
  double z_lo = 1e300, z_hi = -1e300;
  for (const auto& sg : g.sides) {
    z_lo = std::min(z_lo, sg.landmarks.z.thigh_z_mm);
    z_hi = std::max(z_hi, sg.landmarks.z.waist_z_mm);
  }
  const BoundingBox box = bounding_box(s.before.V);
  if (!(z_lo < z_hi)) z_lo = box.min.z(), z_hi = box.max.z();
  focus_.z_min = std::max(box.min.z(), z_lo - 60.0);
  focus_.z_max = std::min(box.max.z(), z_hi + 80.0);
  focus_.x_min = focus_.y_min = 1e300;
  focus_.x_max = focus_.y_max = -1e300;
  label_extent_ = {-1e300, 1e300, -1e300, 1e300};
  for (Eigen::Index i = 0; i < s.before.V.rows(); ++i) {
    const double z = s.before.V(i, 2);
    if (z < focus_.z_min || z > focus_.z_max) continue;
    label_extent_[0] = std::max(label_extent_[0], s.before.V(i, 1));
    label_extent_[1] = std::min(label_extent_[1], s.before.V(i, 1));
    label_extent_[2] = std::max(label_extent_[2], s.before.V(i, 0));
    label_extent_[3] = std::min(label_extent_[3], s.before.V(i, 0));
    if (beside_body(g.silhouette, s.before.V.row(i).transpose())) continue;
    focus_.x_min = std::min(focus_.x_min, s.before.V(i, 0));
    focus_.x_max = std::max(focus_.x_max, s.before.V(i, 0));
    focus_.y_min = std::min(focus_.y_min, s.before.V(i, 1));
    focus_.y_max = std::max(focus_.y_max, s.before.V(i, 1));
  }
  if (focus_.x_min > focus_.x_max) {
    focus_ = {box.min.x(), box.max.x(), box.min.y(), box.max.y(), box.min.z(), box.max.z()};
  }
  // How far the body (arms and hands too) reaches from the focus box's centre axis, per 10 mm of
  // height, in the directions the six views look across: x, y and the two diagonals.
  const double cx = 0.5 * (focus_.x_min + focus_.x_max), cy = 0.5 * (focus_.y_min + focus_.y_max);
  reach_z0_ = box.min.z();
  reach_.assign(static_cast<std::size_t>(std::max(1.0, std::ceil((box.max.z() - box.min.z()) / kReachBinMm) + 1)), 0.0);
  for (Eigen::Index i = 0; i < s.before.V.rows(); ++i) {
    const double dx = s.before.V(i, 0) - cx, dy = s.before.V(i, 1) - cy;
    const double r = std::max({std::abs(dx), std::abs(dy), std::abs(dx + dy) / std::sqrt(2.0), std::abs(dx - dy) / std::sqrt(2.0)});
    const auto bin = static_cast<std::size_t>(std::clamp((s.before.V(i, 2) - reach_z0_) / kReachBinMm, 0.0,
                                                         static_cast<double>(reach_.size() - 1)));
    reach_[bin] = std::max(reach_[bin], r);
  }
}

double PlanScene::reach_between(double z_lo, double z_hi) const {
  double r = 0;
  for (std::size_t b = 0; b < reach_.size(); ++b) {
    const double z0 = reach_z0_ + kReachBinMm * static_cast<double>(b), z1 = z0 + kReachBinMm;
    if (z1 >= z_lo && z0 <= z_hi) r = std::max(r, reach_[b]);
  }
  return r;
}

PlanScene::~PlanScene() = default;

void PlanScene::set_what_if(const WhatIf& w) {
  if (!(w.correction >= 0.0 && w.correction <= 1.0))
    throw InvalidInput("what-if: correction must be in [0, 1], got " + std::to_string(w.correction));
  for (const auto& c : {w.correction_left, w.correction_right})
    if (c && !(*c >= 0.0 && *c <= 1.0))
      throw InvalidInput("what-if: a side's correction must be in [0, 1], got " + std::to_string(*c));
  if (w.resorption && !(*w.resorption >= 0.0 && *w.resorption < 0.95))
    throw InvalidInput("what-if: resorption must be in [0, 0.95), got " + std::to_string(*w.resorption));
  if (w.yield && !(*w.yield > 0.0 && *w.yield <= 1.0))
    throw InvalidInput("what-if: yield must be in (0, 1], got " + std::to_string(*w.yield));
  GraftOptions o = base_graft_;
  if (w.resorption) {
    o.resorption = *w.resorption;
    o.resorption_left.reset();
    o.resorption_right.reset();
  }
  if (w.yield) o.yield = *w.yield;
  graft_ = regraft(plan_->geometry, w.side_correction(), o, plan_->graft.bmi_kg_m2);
  region_fill_ = region_fill_at(plan_->geometry, w.side_correction());
  what_if_ = w;
  update_geometry();
}

void PlanScene::set_shape(Shape shape) {
  shape_ = shape;
  update_geometry();
  update_visibility();
}

void PlanScene::set_colouring(Colouring colouring) {
  if (colouring == Colouring::difference && !has_followup_)
    throw InvalidInput("scene: no follow-up to colour by (contour-view --followup)");
  colouring_ = colouring;
  update_visibility();
}

void PlanScene::set_followup(FollowupView f) {
  const GeometryResult& g = plan_->geometry;
  const auto nv = static_cast<std::size_t>(g.surface.before.num_vertices());
  if (f.difference_mm.size() != nv)
    throw InvalidInput("scene: the follow-up's difference map has " + std::to_string(f.difference_mm.size()) +
                       " values for " + std::to_string(nv) + " vertices (another plan's scan?)");
  for (const auto& w : f.post_width_mm)
    if (!w.empty() && w.size() != g.silhouette.z.size())
      throw InvalidInput("scene: the follow-up's outline has " + std::to_string(w.size()) + " levels for " +
                         std::to_string(g.silhouette.z.size()));
  if (!(f.scale_mm > 0) || !std::isfinite(f.scale_mm)) throw InvalidInput("scene: the difference scale must be > 0 mm");
  followup_ = std::move(f);
  has_followup_ = true;
  Vtk& v = *vtk_;
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  auto value = [&](std::size_t i) {
    const double d = followup_.difference_mm[i];
    return std::isfinite(d) ? static_cast<float>(d) : kNaN;
  };
  v.body_diff->SetName("difference_mm");
  v.body_diff->SetNumberOfTuples(static_cast<vtkIdType>(nv));
  for (std::size_t i = 0; i < nv; ++i) v.body_diff->SetValue(static_cast<vtkIdType>(i), value(i));
  v.body->GetPointData()->AddArray(v.body_diff);
  if (has_coarse_) v.body_coarse->GetPointData()->AddArray(v.body_diff);
  v.ring_diff->SetName("difference_mm");
  v.ring_diff->SetNumberOfTuples(static_cast<vtkIdType>(ring_local_.size()));
  for (std::size_t k = 0; k < ring_local_.size(); ++k)
    v.ring_diff->SetValue(static_cast<vtkIdType>(k), value(static_cast<std::size_t>(ring_local_[k])));
  v.ring->GetPointData()->AddArray(v.ring_diff);
  fill_difference_lookup_table(v.diff_lut, followup_.scale_mm);

  // The bar: in the scalar bar's column, styled like it.
  const std::array<double, 3> tc = text_colour(options_);
  v.diff_bar->SetLookupTable(v.diff_lut);
  v.diff_bar->SetTitle("post - pre, mm");
  v.diff_bar->SetNumberOfLabels(5);
  v.diff_bar->SetLabelFormat(followup_.scale_mm < 5 ? "%.1f" : "%.0f");
  place_scale_bar(v.diff_bar, tc);
  v.diff_bar->SetVisibility(false);
  v.renderer->AddActor2D(v.diff_bar);

  // The follow-up's outline: its silhouette half-widths at the plan's levels, drawn like the
  // before outline (same offset outside the body, same anterior coordinate).
  const Silhouette& sil = g.silhouette;
  const double off = options_.curve_offset_mm;
  for (int side = 0; side < 2; ++side) {
    vtkNew<vtkPoints> pts;
    vtkNew<vtkCellArray> lines;
    const std::vector<double>& w = followup_.post_width_mm[static_cast<std::size_t>(side)];
    const double sign = side == kLeft ? -1.0 : 1.0;
    const std::vector<double> ys = smoothed_extreme_y(sil, side == kLeft ? Side::Left : Side::Right);
    std::vector<vtkIdType> run;
    auto flush = [&] {
      if (run.size() >= 2) lines->InsertNextCell(static_cast<vtkIdType>(run.size()), run.data());
      run.clear();
    };
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (!sil.valid[i] || !std::isfinite(w[i])) {
        flush();
        continue;
      }
      run.push_back(pts->InsertNextPoint(sign * (w[i] + off), ys[i], sil.z[i]));
    }
    flush();
    v.post_curve[side]->SetPoints(pts);
    v.post_curve[side]->SetLines(lines);
    v.post_curve_mapper[side]->SetInputData(v.post_curve[side]);
    v.post_curve_actor[side]->SetMapper(v.post_curve_mapper[side]);
    set_colour(v.post_curve_actor[side]->GetProperty(), ScenePalette::post_curve);
    v.post_curve_actor[side]->GetProperty()->SetLineWidth(3);
    v.post_curve_actor[side]->GetProperty()->SetRenderLinesAsTubes(true);
    v.post_curve_actor[side]->GetProperty()->SetLighting(false);
    v.front->AddActor(v.post_curve_actor[side]);
  }
  v.legend->SetInput(("Keys\n" + viewer_key_help() +
                      "\nColours: blue = before outline, orange = target\n"
                      "  outline and surface, green = follow-up outline;\n"
                      "  fill: light to dark blue; follow-up: blue in, red out")
                         .c_str());
  update_visibility();
  update_text();
}

void PlanScene::set_legend_visible(bool visible) {
  vtk_->legend->SetVisibility(visible && options_.show_legend && panel_on_);
  legend_on_ = visible;
}

bool PlanScene::legend_visible() const { return legend_on_ && options_.show_legend; }

void PlanScene::set_curves_visible(bool visible) {
  curves_on_ = visible;
  update_visibility();
}

void PlanScene::update_geometry() {
  const GeometryResult& g = plan_->geometry;
  const TargetSurface& s = g.surface;
  const std::array<double, 2> fs = what_if_.side_correction();
  switch (shape_) {
    case Shape::before: shown_ = {0.0, 0.0}; break;
    case Shape::target: shown_ = fs; break;
    case Shape::expected_low_resorption:
      shown_ = {fraction_for_volume(g, Side::Left, graft_.left.outcome.retained_low_resorption_ml),
                fraction_for_volume(g, Side::Right, graft_.right.outcome.retained_low_resorption_ml)};
      break;
    case Shape::expected_high_resorption:
      shown_ = {fraction_for_volume(g, Side::Left, graft_.left.outcome.retained_high_resorption_ml),
                fraction_for_volume(g, Side::Right, graft_.right.outcome.retained_high_resorption_ml)};
      break;
  }
  // A vertex outside both sides (side flag 0) cannot move; if it does, it follows the mean.
  const double factor[3] = {0.5 * (shown_[0] + shown_[1]), shown_[0], shown_[1]};
  // Per side [none, left, right]: what the fill colouring and the overlay show.
  const double f_side[3] = {0.5 * (fs[0] + fs[1]), fs[0], fs[1]};
  const double colour_factor[3] = {shape_ == Shape::before ? f_side[0] : factor[0],
                                   shape_ == Shape::before ? f_side[1] : factor[1],
                                   shape_ == Shape::before ? f_side[2] : factor[2]};
  Vtk& v = *vtk_;
  float* p = float_data(v.surface_points);
  float* fill = v.fill->GetPointer(0);
  for (int i : moved_) {
    const int side = s.side_of_vertex[static_cast<std::size_t>(i)];
    const double a = factor[side];
    for (int k = 0; k < 3; ++k) p[3 * i + k] = static_cast<float>(s.before.V(i, k) + a * s.displacement(i, k));
    fill[i] = static_cast<float>(colour_factor[side] * s.fill_mm[static_cast<std::size_t>(i)]);
  }
  recompute_normals(v.surface_normals->GetPointer(0), p, normal_faces_, patch_vertices_, &patch_mask_);
  float* rp = float_data(v.ring_points);
  float* rn = v.ring_normals->GetPointer(0);
  float* rf = v.ring_fill->GetPointer(0);
  const float* n = v.surface_normals->GetPointer(0);
  for (std::size_t k = 0; k < ring_local_.size(); ++k) {
    const auto i = static_cast<std::size_t>(ring_local_[k]);
    for (int c = 0; c < 3; ++c) rp[3 * k + c] = p[3 * i + c], rn[3 * k + c] = n[3 * i + c];
    rf[k] = fill[i];
  }
  v.ring_points->Modified();
  v.ring_normals->Modified();
  v.ring_fill->Modified();
  v.ring->Modified();
  float* q = float_data(v.overlay_points);
  for (std::size_t k = 0; k < patch_vertices_.size(); ++k) {
    const int i = patch_vertices_[k];
    const double f = f_side[static_cast<int>(s.side_of_vertex[static_cast<std::size_t>(i)])];
    for (int c = 0; c < 3; ++c) q[3 * k + c] = static_cast<float>(s.before.V(i, c) + f * s.displacement(i, c));
  }
  // The overlay fades out where the target meets the scan: alpha reaches the set opacity at
  // 3 mm of fill, so the patch's rim (vertices that do not move) is invisible.
  unsigned char* rgba = v.overlay_colours->GetPointer(0);
  for (std::size_t k = 0; k < patch_vertices_.size(); ++k) {
    const auto vi = static_cast<std::size_t>(patch_vertices_[k]);
    const double t = std::clamp(f_side[static_cast<int>(s.side_of_vertex[vi])] * s.fill_mm[vi] / 3.0, 0.0, 1.0);
    for (int c = 0; c < 3; ++c) rgba[4 * k + c] = static_cast<unsigned char>(255 * ScenePalette::overlay[c]);
    rgba[4 * k + 3] = static_cast<unsigned char>(255 * options_.overlay_opacity * t);
  }
  v.overlay_colours->Modified();
  std::vector<int> all_local(patch_vertices_.size());
  for (std::size_t k = 0; k < all_local.size(); ++k) all_local[k] = static_cast<int>(k);
  recompute_normals(v.overlay_normals->GetPointer(0), q, v.overlay_faces, all_local, nullptr);
  v.surface_points->Modified();
  v.surface_normals->Modified();
  v.fill->Modified();
  v.surface->Modified();
  v.limbs->Modified();
  v.overlay_points->Modified();
  v.overlay_normals->Modified();
  v.overlay->Modified();
  update_curves();
  update_text();
}

void PlanScene::update_curves() {
  const GeometryResult& g = plan_->geometry;
  const Silhouette& sil = g.silhouette;
  const double off = options_.curve_offset_mm;
  for (int side = 0; side < 2; ++side) {
    vtkNew<vtkPoints> bp, tp;
    vtkNew<vtkCellArray> bl, tl;
    const double sign = side == kLeft ? -1.0 : 1.0;
    const auto& xs = side == kLeft ? sil.left_x : sil.right_x;
    const std::vector<double> ys_smooth = smoothed_extreme_y(sil, side == kLeft ? Side::Left : Side::Right);
    // Before: every run of valid samples as one polyline.
    std::vector<vtkIdType> run;
    auto flush = [&](vtkCellArray* cells, std::vector<vtkIdType>& ids) {
      if (ids.size() >= 2) cells->InsertNextCell(static_cast<vtkIdType>(ids.size()), ids.data());
      ids.clear();
    };
    for (std::size_t i = 0; i < sil.z.size(); ++i) {
      if (!sil.valid[i]) {
        flush(bl, run);
        continue;
      }
      run.push_back(bp->InsertNextPoint(xs[i] + sign * off, ys_smooth[i], sil.z[i]));
    }
    flush(bl, run);
    // Target: the window, at the fraction the target outline stands for.
    const SideGeometry& sg = g.sides[static_cast<std::size_t>(side)];
    if (sg.full.active && sg.full.fill_mm.size() == sil.z.size()) {
      const double a = shape_ == Shape::before ? what_if_.side_correction()[static_cast<std::size_t>(side)]
                                               : shown_[static_cast<std::size_t>(side)];
      const std::size_t first = sg.full.first > 0 ? sg.full.first - 1 : 0;
      const std::size_t last = std::min(sil.z.size() - 1, sg.full.last + 1);
      for (std::size_t i = first; i <= last; ++i) {
        if (!sil.valid[i]) {
          flush(tl, run);
          continue;
        }
        const double w = sil.width(sg.side, i) + a * sg.full.fill_mm[i];
        run.push_back(tp->InsertNextPoint(sign * (w + off), ys_smooth[i], sil.z[i]));
      }
      flush(tl, run);
    }
    vtk_->before_curve[side]->SetPoints(bp);
    vtk_->before_curve[side]->SetLines(bl);
    vtk_->target_curve[side]->SetPoints(tp);
    vtk_->target_curve[side]->SetLines(tl);
  }
}

std::string PlanScene::panel_text() const {
  const GraftPlan& gp = graft_;
  const GeometryResult& g = plan_->geometry;
  std::ostringstream o;
  char buf[256];
  const std::array<double, 2> fs = what_if_.side_correction();
  const std::string correction = fs[0] == fs[1] ? fmt("Correction %3.0f %%", 100 * fs[0])
                                                : fmt("Correction R %.0f %%", 100 * fs[1]) + fmt(" L %.0f %%", 100 * fs[0]);
  std::snprintf(buf, sizeof buf, "%s  resorption %.0f %% (range %.0f-%.0f %%)  yield %.2f\n", correction.c_str(),
                100 * gp.resorption, 100 * gp.resorption_low, 100 * gp.resorption_high, gp.yield);
  o << buf;
  const char* view_note = view_ == ViewPreset::front         ? "front: patient's right (R) on the left"
                          : view_ == ViewPreset::back        ? "back: patient's right (R) on the right"
                          : view_ == ViewPreset::side        ? "patient's right side (R), front to the right"
                          : view_ == ViewPreset::left        ? "patient's left side (L), front to the left"
                          : view_ == ViewPreset::front_right ? "oblique, front and patient's right (R)"
                                                             : "oblique, front and patient's left (L)";
  o << "Showing ";
  if (shape_ == Shape::expected_low_resorption || shape_ == Shape::expected_high_resorption) {
    const double r = shape_ == Shape::expected_low_resorption ? gp.resorption_low : gp.resorption_high;
    std::snprintf(buf, sizeof buf, "expected if %.0f %% resorbs (%.0f %% / %.0f %% of full correction)",
                  100 * r, 100 * shown_[0], 100 * shown_[1]);
    o << buf;
  } else {
    o << shape_name(shape_);
  }
  o << (colouring_ == Colouring::fill_thickness ? ", coloured by fill (mm)"
          : colouring_ == Colouring::difference    ? ", coloured by the follow-up's change (mm)"
                                                   : (shape_ == Shape::before && overlay_on_ ? " + target overlay" : ""))
    << (overlay_on_ ? "" : " (left) | target (right)")
    << "\nView " << view_note << "\n\n";
  // The numbers themselves are the library's consult summary (shared with anything else that
  // prints the plan in this compact form), at the live what-if settings.
  o << format_plan_summary_text(gp, g.regions, region_fill_, g.warnings);
  if (has_followup_ && !followup_.summary.empty()) {
    o << "\n" << followup_.summary;
    if (followup_.summary.back() != '\n') o << "\n";
  }
  std::string text = o.str();
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

void PlanScene::update_text() {
  vtk_->panel->SetInput(panel_on_ ? panel_text().c_str() : caption_text().c_str());
  if (vtk_->renderer->GetRenderWindow() != nullptr) {
    const int* size = vtk_->renderer->GetSize();
    fit_text_to(size[0], size[1]);
  }
}

void PlanScene::set_interactive(bool interactive) {
  if (interactive == interactive_) return;
  interactive_ = interactive;
  update_visibility();
}

long long PlanScene::drawn_triangles() const {
  const Vtk& v = *vtk_;
  const long long moving = v.ring->GetNumberOfCells() + v.overlay->GetNumberOfCells();
  if (has_coarse_ && interactive_) return moving + v.body_coarse->GetNumberOfCells() + v.limbs_coarse->GetNumberOfCells();
  return moving + v.body->GetNumberOfCells() + v.limbs->GetNumberOfCells();
}

void PlanScene::update_visibility() {
  Vtk& v = *vtk_;
  const bool fill = colouring_ == Colouring::fill_thickness;
  const bool diff = colouring_ == Colouring::difference;
  // The drawn body and ring carry both arrays; the active scalars are the one shown.
  if (has_followup_) {
    v.body->GetPointData()->SetActiveScalars(diff ? "difference_mm" : "fill_mm");
    if (has_coarse_) v.body_coarse->GetPointData()->SetActiveScalars(diff ? "difference_mm" : "fill_mm");
    v.ring->GetPointData()->SetActiveScalars(diff ? "difference_mm" : "fill_mm");
  }
  for (vtkPolyDataMapper* m : {v.body_mapper.Get(), v.ring_mapper.Get(), v.body_coarse_mapper.Get()}) {
    m->SetLookupTable(diff ? v.diff_lut.Get() : v.lut.Get());
    m->SetScalarVisibility(fill || diff);
  }
  v.scalar_bar->SetVisibility(fill);
  v.diff_bar->SetVisibility(diff);
  v.overlay_actor->SetVisibility(overlay_on_ && !fill && !diff && shape_ == Shape::before && !patch_faces_.empty());
  // From one side only that side's outline is drawn (the far one would show through the body).
  // The outlines are the silhouette seen from the front (and sides): an oblique view has another
  // silhouette, so there they, the landmark points and the labels are left out.
  const bool oblique = view_ == ViewPreset::front_right || view_ == ViewPreset::front_left;
  for (int side = 0; side < 2; ++side) {
    const bool far = (view_ == ViewPreset::side && side == kLeft) || (view_ == ViewPreset::left && side == kRight);
    v.before_curve_actor[side]->SetVisibility(options_.show_curves && curves_on_ && !far && !oblique);
    v.target_curve_actor[side]->SetVisibility(options_.show_curves && curves_on_ && !far && !oblique);
    v.post_curve_actor[side]->SetVisibility(has_followup_ && options_.show_curves && curves_on_ && !far && !oblique);
  }
  v.panel->SetVisibility(options_.show_panel);
  v.legend->SetVisibility(options_.show_legend && legend_on_ && panel_on_);
  // Labels anchored beside the landmark and in front of everything (arms included) seen from
  // the camera, so no surface hides the text. Obliques use the front anchors.
  const bool from_front = view_ == ViewPreset::front || view_ == ViewPreset::front_right || view_ == ViewPreset::front_left;
  for (auto& l : v.labels) {
    const double sign = l.side == kLeft ? -1.0 : 1.0;
    if (from_front) l.actor->SetPosition(l.point[0] + sign * 14.0, label_extent_[0] + 20.0, l.point[2]);
    else if (view_ == ViewPreset::back) l.actor->SetPosition(l.point[0] + sign * 14.0, label_extent_[1] - 20.0, l.point[2]);
    else if (view_ == ViewPreset::side) l.actor->SetPosition(label_extent_[2] + 20.0, l.point[1] + 14.0, l.point[2]);
    else l.actor->SetPosition(label_extent_[3] - 20.0, l.point[1] + 14.0, l.point[2]);
    // From a side only that side's labels are readable; in an oblique, those of the near side.
    const bool near = (view_ != ViewPreset::side && view_ != ViewPreset::front_right || l.side == kRight) &&
                      (view_ != ViewPreset::left && view_ != ViewPreset::front_left || l.side == kLeft);
    l.actor->SetVisibility(options_.show_labels && near && !oblique);
    // Text runs outwards from the body: towards the screen edge the side is on.
    const bool screen_left = (from_front && l.side == kRight) || (view_ == ViewPreset::back && l.side == kLeft) ||
                             view_ == ViewPreset::left;
    if (screen_left) l.actor->GetTextProperty()->SetJustificationToRight();
    else l.actor->GetTextProperty()->SetJustificationToLeft();
  }
  // The patient's L and R on the body, above the waist, on the camera's side of it.
  const double zc = focus_.z_max - 0.05 * (focus_.z_max - focus_.z_min);
  const double cx = 0.5 * (focus_.x_min + focus_.x_max), cy = 0.5 * (focus_.y_min + focus_.y_max);
  for (int side = 0; side < 2; ++side) {
    const double sign = side == kLeft ? -1.0 : 1.0;
    const double x = cx + sign * 0.2 * (focus_.x_max - focus_.x_min);
    auto& m = v.side_mark[side];
    const bool far = (view_ == ViewPreset::side && side == kLeft) || (view_ == ViewPreset::left && side == kRight);
    if (view_ == ViewPreset::back) m->SetPosition(x, focus_.y_min - 10.0, zc);
    else if (view_ == ViewPreset::side) m->SetPosition(focus_.x_max + 10.0, cy, zc);
    else if (view_ == ViewPreset::left) m->SetPosition(focus_.x_min - 10.0, cy, zc);
    else m->SetPosition(x, focus_.y_max + 10.0, zc);
    m->SetVisibility(options_.show_labels && !far);
  }
  v.landmark_actor->SetVisibility(options_.show_labels && !oblique);
  // From the side the arm hangs in front of the hip: ghost it.
  v.limb_actor->GetProperty()->SetOpacity(view_ == ViewPreset::side || view_ == ViewPreset::left ? 0.1 : 1.0);
  // While dragging (set_interactive) the coarse copies stand in for the full body and limbs.
  const bool coarse = has_coarse_ && interactive_;
  v.body_actor->SetVisibility(!coarse);
  v.limb_actor->SetVisibility(!coarse && v.limbs->GetNumberOfCells() > 0);
  v.body_coarse_actor->SetVisibility(coarse);
  v.limb_coarse_actor->SetVisibility(coarse && v.limbs_coarse->GetNumberOfCells() > 0);
  if (has_coarse_) {
    vtkCellArray* ring = coarse ? v.ring_coarse.Get() : v.ring_full.Get();
    vtkCellArray* overlay = coarse ? v.overlay_coarse.Get() : v.overlay_full.Get();
    if (v.ring->GetPolys() != ring) v.ring->SetPolys(ring);
    if (v.overlay->GetPolys() != overlay) v.overlay->SetPolys(overlay);
  }
  update_text();
}

void PlanScene::set_view(ViewPreset view) {
  view_ = view;
  vtkCamera* cam = vtk_->renderer->GetActiveCamera();
  const double cx = 0.5 * (focus_.x_min + focus_.x_max), cy = 0.5 * (focus_.y_min + focus_.y_max),
               cz = 0.5 * (focus_.z_min + focus_.z_max);
  const double dx = focus_.x_max - focus_.x_min, dy = focus_.y_max - focus_.y_min, dz = focus_.z_max - focus_.z_min;
  const double dist = 4.0 * std::max({dx, dy, dz, 1.0});
  cam->ParallelProjectionOn();
  cam->SetFocalPoint(cx, cy, cz);
  cam->SetViewUp(0, 0, 1);
  const double d45 = dist / std::sqrt(2.0);
  switch (view) {
    case ViewPreset::front: cam->SetPosition(cx, cy + dist, cz); break;
    case ViewPreset::back: cam->SetPosition(cx, cy - dist, cz); break;
    case ViewPreset::side: cam->SetPosition(cx + dist, cy, cz); break;
    case ViewPreset::left: cam->SetPosition(cx - dist, cy, cz); break;
    case ViewPreset::front_right: cam->SetPosition(cx + d45, cy + d45, cz); break;
    case ViewPreset::front_left: cam->SetPosition(cx - d45, cy + d45, cz); break;
  }
  double aspect = 1.25;
  if (vtk_->renderer->GetRenderWindow() != nullptr) {
    const int* size = vtk_->renderer->GetSize();  // the viewport's, in pixels
    if (size[0] > 0 && size[1] > 0) {
      aspect = static_cast<double>(size[0]) / size[1];
      fit_text_to(size[0], size[1]);
    }
  }
  // One scale for every view, so that views compare; room for labels beside the body (about
  // 120 mm each side) in the front and back views. With the text panel on, the body goes in the
  // right part of the window.
  // The viewer keeps the scalar bar's column free in both colourings, so 't' does not move the
  // body; a picture without the panel keeps it free only when the bar is shown.
  // With the panel reduced to a caption (the split view) there is no column for it.
  const bool panel = options_.show_panel && panel_on_;
  const double left = panel ? kPanelWidthFraction : 0.0;
  const double right = panel || colouring_ != Colouring::overlay ? kScalarBarWidthFraction : 0.0;
  const double across = std::max(dx + 2 * 120.0, dy + 2 * 60.0);
  const double room = 1.0 - left - right;  // half-width between the columns, of the viewport's half-width
  double scale = 0.55 * std::max(dz, across / (aspect * room));
  // Nothing of the body under the panel or the scale: where the arms or hands at the heights in
  // view reach into the columns (an A-pose), the view widens until they clear them (the same
  // reach in every view keeps one scale), by at most kMaxWiden so the hips stay large.
  if (left > 0 || right > 0) {
    const double base = scale;
    for (int pass = 0; pass < 4; ++pass) {
      const double fit = 1.02 * reach_between(cz - scale, cz + scale) / (aspect * room);
      if (fit <= scale) break;
      scale = std::min(fit, kMaxWiden * base);
    }
  }
  cam->SetParallelScale(scale);
  // Centre the body between the panel and the scalar bar.
  cam->SetWindowCenter(right - left, 0.0);
  vtk_->renderer->ResetCameraClippingRange();
  // The front layer's props lie inside the body's bounds plus the label margin.
  double range[2];
  cam->GetClippingRange(range);
  cam->SetClippingRange(std::max(1.0, range[0] - 200.0), range[1] + 200.0);
  update_visibility();
}

vtkRenderer* PlanScene::renderer() const { return vtk_->renderer; }
vtkRenderer* PlanScene::front_renderer() const { return vtk_->front; }
std::array<vtkBillboardTextActor3D*, 2> PlanScene::side_marks() const {
  return {vtk_->side_mark[0].Get(), vtk_->side_mark[1].Get()};
}

void PlanScene::add_to(vtkRenderWindow* window) const {
  window->SetNumberOfLayers(std::max(2, window->GetNumberOfLayers()));
  window->AddRenderer(vtk_->renderer);
  window->AddRenderer(vtk_->front);
}

void PlanScene::set_viewport_bottom(double fraction) {
  viewport_bottom_ = std::clamp(fraction, 0.0, 0.5);
  vtk_->renderer->SetViewport(viewport_x_[0], viewport_bottom_, viewport_x_[1], 1);
  vtk_->front->SetViewport(viewport_x_[0], viewport_bottom_, viewport_x_[1], 1);
  set_view(view_);
}

void PlanScene::set_viewport_columns(double x0, double x1) {
  x0 = std::clamp(x0, 0.0, 1.0);
  x1 = std::clamp(x1, 0.0, 1.0);
  if (!(x1 - x0 >= 0.1)) throw InvalidInput("scene: a viewport needs at least a tenth of the window's width");
  viewport_x_ = {x0, x1};
  set_viewport_bottom(viewport_bottom_);
}

std::string PlanScene::caption_text() const {
  char buf[160];
  if (shape_ == Shape::target) {
    const auto f = what_if_.side_correction();
    if (f[0] == f[1]) std::snprintf(buf, sizeof buf, "TARGET at %.0f %% correction", 100 * f[0]);
    else std::snprintf(buf, sizeof buf, "TARGET at %.0f %% (R) / %.0f %% (L) correction", 100 * f[1], 100 * f[0]);
    return buf;
  }
  if (shape_ == Shape::before) return "BEFORE (the scan)";
  return "EXPECTED after resorption";
}

void PlanScene::set_panel_visible(bool visible) {
  panel_on_ = visible;
  vtk_->legend->SetVisibility(options_.show_legend && legend_on_ && panel_on_);
  update_text();
  set_view(view_);
}

std::unique_ptr<PlanScene> PlanScene::make_split_twin() const {
  SceneOptions o = options_;
  o.show_legend = false;
  auto twin = std::make_unique<PlanScene>(plan_, base_graft_, o);
  twin->set_panel_visible(false);
  if (has_followup_) twin->set_followup(followup_);
  twin->set_what_if(what_if_);
  twin->set_curves_visible(curves_on_);
  twin->set_colouring(colouring_);
  twin->set_shape(Shape::target);
  twin->set_view(view_);
  return twin;
}

void PlanScene::share_camera_of(const PlanScene& other) {
  vtk_->renderer->SetActiveCamera(other.renderer()->GetActiveCamera());
  vtk_->front->SetActiveCamera(other.renderer()->GetActiveCamera());
}

void PlanScene::set_overlay_visible(bool visible) {
  overlay_on_ = visible;
  update_visibility();
  update_text();
}

void PlanScene::remove_from(vtkRenderWindow* window) const {
  window->RemoveRenderer(vtk_->front);
  window->RemoveRenderer(vtk_->renderer);
}

void PlanScene::fit_text_to(int width_px, int height_px) {
  if (width_px <= 0 || height_px <= 0) return;
  Vtk& v = *vtk_;
  // Courier: a character is about 0.6 of the font size wide and a line 1.17 of it tall. The
  // panel's widest line must fit the left column; panel and legend must fit between the top
  // and the sliders (the bottom 14 %), one under the other.
  auto widest = [](const std::string& text) {
    std::size_t w = 0, n = 0, lines = 1;
    for (char c : text) {
      if (c == '\n') w = std::max(w, n), n = 0, ++lines;
      else ++n;
    }
    return std::pair<std::size_t, std::size_t>{std::max(w, n), lines};
  };
  const auto [panel_cols, panel_lines] = widest(panel_text());
  const auto [legend_cols, legend_lines] = widest(v.legend->GetInput() ? v.legend->GetInput() : "");
  const bool legend = options_.show_legend && legend_on_ && panel_on_;
  if (!panel_on_) {
    // The caption alone: large enough to read across the room, within the viewport's width.
    const auto [cols, lines] = widest(caption_text());
    (void)lines;
    const double fit = 0.9 * width_px / (0.6 * static_cast<double>(std::max(cols, std::size_t{1})));
    v.panel->GetTextProperty()->SetFontSize(std::max(8, static_cast<int>(std::min({fit, height_px / 28.0, 30.0}))));
    return;
  }
  const double column_px = kPanelWidthFraction * width_px - 0.01 * width_px;
  const double usable_px = 0.84 * height_px;
  const double legend_ratio = 0.85;  // the legend's font is a little smaller
  // At most the set size, or more on a tall window (about 1/70 of its height).
  double size = std::max(static_cast<double>(options_.panel_font_size), height_px / 70.0);
  size = std::min(size, column_px / (0.6 * static_cast<double>(std::max(panel_cols, std::size_t{1}))));
  if (legend) size = std::min(size, column_px / (0.6 * legend_ratio * static_cast<double>(std::max(legend_cols, std::size_t{1}))));
  const double lines = static_cast<double>(panel_lines) + (legend ? legend_ratio * static_cast<double>(legend_lines) + 1.0 : 0.0);
  size = std::min(size, usable_px / (1.17 * lines));
  const int panel_size = std::max(6, static_cast<int>(std::floor(size)));
  const int legend_size = std::max(6, static_cast<int>(std::floor(legend_ratio * size)));
  v.panel->GetTextProperty()->SetFontSize(panel_size);
  v.legend->GetTextProperty()->SetFontSize(legend_size);
  // The legend starts one line below the panel's last line.
  const double panel_h = 1.17 * panel_size * (static_cast<double>(panel_lines) + 1.0);
  v.legend->GetPositionCoordinate()->SetValue(0.01, 0.99 - panel_h / height_px);
}
vtkPolyData* PlanScene::surface_data() const { return vtk_->surface; }
vtkPolyData* PlanScene::overlay_data() const { return vtk_->overlay; }
vtkActor* PlanScene::overlay_actor() const { return vtk_->overlay_actor; }
vtkScalarBarActor* PlanScene::scalar_bar() const { return vtk_->scalar_bar; }
vtkTextActor* PlanScene::panel_actor() const { return vtk_->panel; }
vtkTextActor* PlanScene::legend_actor() const { return vtk_->legend; }
vtkLookupTable* PlanScene::fill_lookup_table() const { return vtk_->lut; }
vtkLookupTable* PlanScene::difference_lookup_table() const { return vtk_->diff_lut; }
vtkScalarBarActor* PlanScene::difference_bar() const { return vtk_->diff_bar; }
vtkPolyData* PlanScene::post_curve(int side) const { return vtk_->post_curve[side == kLeft ? 0 : 1]; }

std::string viewer_key_help() {
  return "  1 2 3  front / right side / back view\n"
         "  4 5 6  left side / front-right / front-left oblique\n"
         "  r      reset the camera to the current view\n"
         "  t      colouring: target overlay / fill thickness / follow-up difference\n"
         "  b      before <-> target shape\n"
         "  l      expected result, low end of resorption range\n"
         "  u      expected result, high end of resorption range\n"
         "  c      silhouette curves on/off\n"
         "  v      split view: before | target side by side, on/off\n"
         "  h      this help on/off\n"
         "  0      reset the sliders to the plan's settings\n"
         "  s      save a screenshot (PNG, current folder)\n"
         "  e      export the report at the slider values\n"
         "  q      quit\n"
         "  mouse  left rotate, middle pan, wheel zoom";
}

bool apply_viewer_key(PlanScene& scene, char key) {
  switch (key) {
    case '1': scene.set_view(ViewPreset::front); return true;
    case '2': scene.set_view(ViewPreset::side); return true;
    case '3': scene.set_view(ViewPreset::back); return true;
    case '4': scene.set_view(ViewPreset::left); return true;
    case '5': scene.set_view(ViewPreset::front_right); return true;
    case '6': scene.set_view(ViewPreset::front_left); return true;
    case 'r': scene.set_view(scene.view()); return true;
    case 't':
      scene.set_colouring(scene.colouring() == Colouring::overlay          ? Colouring::fill_thickness
                          : scene.colouring() == Colouring::fill_thickness && scene.has_followup() ? Colouring::difference
                                                                                                   : Colouring::overlay);
      return true;
    case 'b': scene.set_shape(scene.shape() == Shape::before ? Shape::target : Shape::before); return true;
    case 'l':
      scene.set_shape(scene.shape() == Shape::expected_low_resorption ? Shape::target : Shape::expected_low_resorption);
      return true;
    case 'u':
      scene.set_shape(scene.shape() == Shape::expected_high_resorption ? Shape::target
                                                                        : Shape::expected_high_resorption);
      return true;
    case 'c': scene.set_curves_visible(!scene.curves_visible()); return true;
    case 'h': scene.set_legend_visible(!scene.legend_visible()); return true;
    default: return false;
  }
}

}  // namespace contour::vtk
