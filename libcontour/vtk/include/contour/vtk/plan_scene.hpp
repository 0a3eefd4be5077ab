#pragma once
// The consult-room scene of a plan: the scan, the target (translucent overlay or fill-thickness
// colouring), the before/target silhouette curves, labelled landmarks and a text panel with
// the numbers, all updated live from a few what-if settings.
//
// This is the VTK adapter (target contour::vtk): VTK types appear here and nowhere in the core
// library's headers. The scene reads the plan's precomputed data only — the target at any
// correction is  before + f * displacement  and the volumes come from the region polynomials
// (contour/plan/run_plan.hpp: region_fill_at, regraft) — so an update never redoes geometry.
#include "contour/plan/run_plan.hpp"
#include "contour/vtk/render_error.hpp"

#include <vtkSmartPointer.h>

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class vtkActor;
class vtkActor2D;
class vtkBillboardTextActor3D;
class vtkFloatArray;
class vtkLookupTable;
class vtkPolyData;
class vtkRenderWindow;
class vtkRenderer;
class vtkScalarBarActor;
class vtkTextActor;

namespace contour::vtk {

/// Camera presets (canonical frame: +x patient's right, +y anterior, +z up). Orthographic, so
/// outlines are undistorted and comparable between images; one scale for all of them.
enum class ViewPreset {
  front,        ///< from the front (patient's right on the viewer's left)
  side,         ///< from the patient's right side (anterior to the viewer's right)
  back,         ///< from behind
  left,         ///< from the patient's left side (anterior to the viewer's left)
  front_right,  ///< oblique, 45 degrees between the front and the patient's right
  front_left    ///< oblique, 45 degrees between the front and the patient's left
};

/// Every preset, in key order (1..6).
inline constexpr ViewPreset kAllViews[] = {ViewPreset::front, ViewPreset::side, ViewPreset::back,
                                           ViewPreset::left, ViewPreset::front_right, ViewPreset::front_left};

/// "front", "right", "back", "left", "front-right", "front-left".
[[nodiscard]] const char* view_preset_name(ViewPreset view);
/// Parses the names above ("side" is the right side too); throws InvalidInput naming the value
/// otherwise.
[[nodiscard]] ViewPreset parse_view_preset(const std::string& name);

/// How the target is shown on the scan.
enum class Colouring {
  overlay,        ///< skin-coloured scan with the target as a translucent surface over it
  fill_thickness,  ///< scan coloured by the fill thickness (mm) with a scalar bar; no overlay
  /// scan coloured by a follow-up's signed difference (post - pre, mm, diverging colours with a
  /// scale; PlanScene::set_followup), no overlay
  difference
};

/// Which shape the solid surface has.
enum class Shape {
  before,                    ///< the scan as it is
  target,                    ///< before + f * displacement at the correction fraction f
  expected_low_resorption,   ///< what the planned injection leaves if resorption is at the low end
  expected_high_resorption   ///< ... at the high end of the expected range
};

/// "before", "target", "expected at low resorption", "expected at high resorption".
[[nodiscard]] const char* shape_name(Shape shape);

/// The live what-if settings (the sliders).
struct WhatIf {
  double correction = 1.0;  ///< correction fraction, [0, 1], both sides unless set per side
  /// Per-side correction fractions, [0, 1], overriding `correction` on that side.
  std::optional<double> correction_left, correction_right;
  /// The fraction each side uses: [left, right].
  [[nodiscard]] std::array<double, 2> side_correction() const {
    return {correction_left.value_or(correction), correction_right.value_or(correction)};
  }
  /// Planning resorption for both sides, [0, 0.95); unset = the plan's own (per-side) settings.
  std::optional<double> resorption;
  /// Processing yield (graft per raw aspirate), (0, 1]; unset = the plan's own.
  std::optional<double> yield;
};

struct SceneOptions {
  bool show_panel = true;    ///< numbers panel, upper left
  bool show_legend = true;   ///< key legend, upper right (toggled by 'h' in the viewer)
  bool show_labels = true;   ///< landmark labels
  bool show_curves = true;   ///< before / target silhouette curves
  /// White background and dark text (for print); otherwise a dark grey gradient.
  bool light_background = false;
  double overlay_opacity = 0.6;           ///< target overlay opacity, (0, 1]
  /// Vertices whose shown fill is below this keep the skin colour in fill colouring, mm (>= 0).
  double fill_colour_threshold_mm = 0.25;
  /// Top of the fill colour scale, mm: 0 = the scan's own largest fill (each scan uses the
  /// whole scale); > 0 = fixed (e.g. 20), so scans of different patients compare; thicker fill
  /// takes the top colour.
  double fill_scale_max_mm = 0.0;
  /// Curves are drawn this far outside the lateral extreme so the surface does not hide them, mm.
  double curve_offset_mm = 1.5;
  /// Level of detail while dragging (set_interactive): the surfaces are drawn with triangles
  /// about sqrt(2 area / this) across, about this many over the whole body, instead of all of
  /// them (the fill region and the overlay too: their points still move with the sliders).
  /// Only for bodies of more than twice as many triangles; 0 = always draw everything.
  std::size_t interactive_triangles = 150000;
  int panel_font_size = 13;  ///< points (pixels at 72 dpi)
  int label_font_size = 15;  ///< landmark and L/R labels, pixels
};

/// Colours (RGB in [0, 1]) used by the scene, for legends and tests. Before and target are the
/// Okabe-Ito blue and orange, told apart with the common colour-vision deficiencies (red-green
/// was not); the fill map is one hue (blue) from light to dark, so it reads by lightness alone.
struct ScenePalette {
  static constexpr std::array<double, 3> skin{0.91, 0.74, 0.63};
  static constexpr std::array<double, 3> overlay{0.90, 0.50, 0.00};        ///< target surface (orange)
  static constexpr std::array<double, 3> before_curve{0.00, 0.447, 0.698};  ///< Okabe-Ito blue #0072B2
  static constexpr std::array<double, 3> target_curve{0.902, 0.624, 0.00};  ///< Okabe-Ito orange #E69F00
  static constexpr std::array<double, 3> landmark{0.80, 0.475, 0.655};      ///< Okabe-Ito reddish purple
  static constexpr std::array<double, 3> post_curve{0.00, 0.62, 0.451};     ///< Okabe-Ito bluish green #009E73
  /// Fill map stops, light (thin) to dark (thick): ColorBrewer "Blues".
  static constexpr std::array<double, 3> fill_low{0.78, 0.86, 0.94};
  static constexpr std::array<double, 3> fill_mid{0.26, 0.57, 0.78};
  static constexpr std::array<double, 3> fill_high{0.03, 0.19, 0.42};
};

/// A follow-up shown on the plan's scene (contour-view --followup): what changed since the
/// plan's scan. Plain data, from measure_followup's result.
struct FollowupView {
  /// Signed difference post - pre per vertex of plan.geometry.surface.before, mm (NaN: not measured).
  std::vector<double> difference_mm;
  /// The follow-up's silhouette half-widths in the plan's frame, [left, right], per level of
  /// plan.geometry.silhouette (NaN where absent); empty = no follow-up outline.
  std::array<std::vector<double>, 2> post_width_mm;
  double scale_mm = 0;  ///< the colour scale's ends, +- mm (> 0)
  std::string summary;  ///< lines for the numbers panel (retention per side ...)
};

/// Region of interest for the camera presets: the hips from the thigh to above the waist,
/// canonical frame, mm.
struct FocusBox {
  double x_min = 0, x_max = 0, y_min = 0, y_max = 0, z_min = 0, z_max = 0;
};

/// The scene. A class because the VTK arrays are built once and then updated in place.
/// Not copyable; one renderer, to be added to at most one render window at a time.
class PlanScene {
 public:
  /// Builds every actor from the plan. `graft` are the graft options the plan was made with
  /// (PlanOptions::graft); what-if changes are applied on top of them.
  /// Throws InvalidInput if the plan's surface data are inconsistent (sizes differ).
  PlanScene(std::shared_ptr<const PlanResult> plan, GraftOptions graft, SceneOptions options = {});
  ~PlanScene();
  PlanScene(const PlanScene&) = delete;
  PlanScene& operator=(const PlanScene&) = delete;

  /// The live update the sliders call: recomputes the graft plan from the region polynomials
  /// and moves the target points in place (O(vertices of the fill region), no geometry work).
  /// Throws InvalidInput for values outside the ranges of WhatIf.
  void set_what_if(const WhatIf& what_if);
  void set_shape(Shape shape);
  /// Throws InvalidInput for Colouring::difference when no follow-up was set.
  void set_colouring(Colouring colouring);
  /// Adds a follow-up: its difference map (shown with Colouring::difference), its outline (drawn
  /// in ScenePalette::post_curve beside the before and target outlines) and its summary in the
  /// panel. Throws InvalidInput when the sizes do not match the plan's surface and silhouette
  /// or the scale is not positive.
  void set_followup(FollowupView followup);
  [[nodiscard]] bool has_followup() const { return has_followup_; }
  /// Camera preset, framing focus_box(); also turns the landmark labels to face the viewer.
  void set_view(ViewPreset view);
  void set_legend_visible(bool visible);
  void set_curves_visible(bool visible);
  /// True while the user drags a slider or the camera: the surfaces are drawn from coarse
  /// triangles (SceneOptions::interactive_triangles) so frames keep up; false draws them in
  /// full again. Points, outlines, labels and numbers are the same in both.
  void set_interactive(bool interactive);
  [[nodiscard]] bool interactive() const { return interactive_; }
  /// Whether a coarse copy was made (the body has more than 2 x interactive_triangles).
  [[nodiscard]] bool has_coarse_body() const { return has_coarse_; }
  /// Triangles of the surfaces drawn now (body, limbs, the ring around the fill region and the
  /// target overlay; coarse while interactive).
  [[nodiscard]] long long drawn_triangles() const;

  [[nodiscard]] const WhatIf& what_if() const { return what_if_; }
  [[nodiscard]] Shape shape() const { return shape_; }
  [[nodiscard]] Colouring colouring() const { return colouring_; }
  [[nodiscard]] ViewPreset view() const { return view_; }
  [[nodiscard]] bool legend_visible() const;
  [[nodiscard]] bool curves_visible() const { return curves_on_; }
  [[nodiscard]] const PlanResult& plan() const { return *plan_; }

  /// The graft plan at the current what-if settings (equals regraft(geometry, f, options)).
  [[nodiscard]] const GraftPlan& graft() const { return graft_; }
  /// Fill per region at the current correction, mL, in plan().geometry.regions order.
  [[nodiscard]] const std::vector<double>& region_fill_ml() const { return region_fill_; }
  /// Correction fraction the solid surface shows on each side ([left, right]): 0 before,
  /// f for the target, the fraction whose volume equals the retained graft for an expected view.
  [[nodiscard]] std::array<double, 2> shown_fraction() const { return shown_; }
  /// The text of the numbers panel (also when the panel is hidden).
  [[nodiscard]] std::string panel_text() const;
  [[nodiscard]] FocusBox focus_box() const { return focus_; }
  /// Largest fill thickness at full correction, mm (top of the scalar bar).
  [[nodiscard]] double max_fill_mm() const { return max_fill_mm_; }

  [[nodiscard]] vtkRenderer* renderer() const;
  /// Drawn over renderer() (layer 1, same camera): the before and target outlines, the
  /// landmark points and the L / R marks, so the target surface never hides them.
  [[nodiscard]] vtkRenderer* front_renderer() const;
  /// Adds both renderers to a window (two layers); remove_from removes them again.
  void add_to(vtkRenderWindow* window) const;
  void remove_from(vtkRenderWindow* window) const;
  /// Keeps the bottom `fraction` of the window ([0, 0.5]) free of the scene (the viewer puts its
  /// sliders there): the body, labels and text are drawn above it.
  void set_viewport_bottom(double fraction);
  /// The columns of the window the scene is drawn in, as fractions of its width ([0, 1], at
  /// least 0.1 wide; default 0 to 1): the split view puts before and target side by side.
  void set_viewport_columns(double x0, double x1);
  [[nodiscard]] double viewport_bottom() const { return viewport_bottom_; }
  /// A second scene of the same plan for the split view's target half: same options without
  /// the panel and the legend, the same follow-up, what-if settings, colouring and view, its
  /// shape the target.
  [[nodiscard]] std::unique_ptr<PlanScene> make_split_twin() const;
  /// Draws with `other`'s camera from now on (the split view's two halves turn together). The
  /// other scene must outlive this one's use of it.
  void share_camera_of(const PlanScene& other);
  /// Whether the translucent target is drawn over the before shape (overlay colouring); the
  /// split view turns it off on its before half. Default on.
  void set_overlay_visible(bool visible);
  /// false: the numbers panel and the legend give way to a one-line caption (caption_text)
  /// and their column to the body (the split view's halves). Default true.
  void set_panel_visible(bool visible);
  [[nodiscard]] bool panel_visible() const { return panel_on_; }
  /// "BEFORE (the scan)", "TARGET at 80 % correction", ...: what the shape shown is.
  [[nodiscard]] std::string caption_text() const;
  [[nodiscard]] bool overlay_visible() const { return overlay_on_; }
  /// Sizes the text (panel, legend, labels) for a window of this many pixels so the panel and
  /// legend stay in the left column above the sliders without overlapping (called by set_view
  /// with the window's size).
  void fit_text_to(int width_px, int height_px);
  /// The patient's side marks: [left "L", right "R"].
  [[nodiscard]] std::array<vtkBillboardTextActor3D*, 2> side_marks() const;
  /// The solid surface: #V points (surface.before's vertex order), normals, the point scalar
  /// "fill_mm" (shown fill thickness, mm) and the body's triangles. (What is drawn is split for
  /// speed into the unchanging part and the ring around the fill region; triangles laterally
  /// outside the silhouette, arms and hands, are drawn separately and ghosted in the side view,
  /// where the arm would hide the hip.)
  [[nodiscard]] vtkPolyData* surface_data() const;
  /// The translucent target: the faces that touch a moved vertex; point k is surface vertex
  /// overlay_vertex_ids()[k].
  [[nodiscard]] vtkPolyData* overlay_data() const;
  [[nodiscard]] const std::vector<int>& overlay_vertex_ids() const { return patch_vertices_; }
  [[nodiscard]] vtkActor* overlay_actor() const;
  [[nodiscard]] vtkScalarBarActor* scalar_bar() const;
  [[nodiscard]] vtkTextActor* panel_actor() const;
  [[nodiscard]] vtkTextActor* legend_actor() const;
  [[nodiscard]] vtkLookupTable* fill_lookup_table() const;
  [[nodiscard]] vtkLookupTable* difference_lookup_table() const;
  [[nodiscard]] vtkScalarBarActor* difference_bar() const;
  /// The follow-up's outline, [left, right] (empty polydata without a follow-up).
  [[nodiscard]] vtkPolyData* post_curve(int side) const;

 private:
  struct Vtk;
  // The constructor's steps, in order.
  void find_patch();
  void build_surface_and_limbs();
  void build_colours();
  void build_overlay();
  void build_curves_and_landmarks();
  void build_text();
  void frame_focus_box();
  /// The largest reach_ over the height bins that overlap [z_lo, z_hi], mm.
  [[nodiscard]] double reach_between(double z_lo, double z_hi) const;
  [[nodiscard]] double fill_scale_top() const;

  void update_geometry();
  void update_curves();
  void update_text();
  void update_visibility();

  std::shared_ptr<const PlanResult> plan_;
  GraftOptions base_graft_;
  SceneOptions options_;
  WhatIf what_if_;
  Shape shape_ = Shape::before;
  Colouring colouring_ = Colouring::overlay;
  ViewPreset view_ = ViewPreset::front;
  GraftPlan graft_;
  std::vector<double> region_fill_;
  std::array<double, 2> shown_{0, 0};
  FocusBox focus_;
  /// Front-most y, back-most y, right-most x and left-most x of everything in the focus
  /// heights, mm.
  std::array<double, 4> label_extent_{0, 0, 0, 0};
  double max_fill_mm_ = 0;
  /// Per 10 mm of height from reach_z0_, how far any vertex lies from the focus box's vertical
  /// axis across one of the views (x, y or a diagonal), mm: set_view keeps it out of the columns.
  static constexpr double kReachBinMm = 10.0;
  static constexpr double kMaxWiden = 1.6;  ///< set_view widens the view by at most this
  std::vector<double> reach_;
  double reach_z0_ = 0;

  std::vector<int> moved_;           ///< surface vertices with a non-zero displacement
  std::vector<int> patch_faces_;     ///< faces touching a moved vertex (surface face ids)
  std::vector<int> patch_vertices_;  ///< vertices of those faces (overlay point k -> surface id)
  std::vector<int> normal_faces_;    ///< faces touching a patch vertex, 3 indices each
  std::vector<char> patch_mask_;     ///< per surface vertex: 1 if in patch_vertices_
  std::vector<int> ring_local_;      ///< vertices of normal_faces_ (drawn ring point k -> surface id)
  bool legend_on_ = true;
  bool has_followup_ = false;
  FollowupView followup_;
  bool curves_on_ = true;
  bool interactive_ = false;
  bool overlay_on_ = true;
  bool panel_on_ = true;
  double viewport_bottom_ = 0;
  std::array<double, 2> viewport_x_{0.0, 1.0};
  bool has_coarse_ = false;
  double coarse_cell_mm_ = 0;  ///< grid cell of the coarse triangles, mm
  std::unique_ptr<Vtk> vtk_;
};

/// Key bindings of the viewer, one "key  action" per line (for --help and the legend).
[[nodiscard]] std::string viewer_key_help();

/// Applies a viewer key to the scene ('t', 'b', 'l', 'u', 'c', '1', '2', '3', 'h'); returns
/// false for a key the scene does not handle. Does not render.
bool apply_viewer_key(PlanScene& scene, char key);

}  // namespace contour::vtk
