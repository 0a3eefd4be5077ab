#pragma once
// The interactive consult-room window: the scene, three what-if sliders (correction,
// resorption, yield) and the viewer keys (viewer_key_help()).
#include "contour/vtk/plan_scene.hpp"

#include <vtkSmartPointer.h>

#include <functional>
#include <string>
#include <vector>

class vtkSliderWidget;
class vtkObject;
class vtkRenderWindowInteractor;
class vtkRenderer;
class vtkRenderWindow;

namespace contour::vtk {

/// Which what-if setting a slider drives: the correction of both sides, of one side (the
/// patient's right or left), the planning resorption, the processing yield.
enum class WhatIfSlider { correction, resorption, yield, correction_right, correction_left };

/// Slider ranges: correction 0..1, resorption 0..0.9, yield 0.2..1.
struct SliderRange {
  double min = 0, max = 1;
};
[[nodiscard]] SliderRange slider_range(WhatIfSlider slider);

/// The update a slider makes when it moves to `value`: copies the scene's what-if settings,
/// changes the one setting, and calls PlanScene::set_what_if. The viewer's slider callbacks
/// call exactly this.
void on_slider_moved(PlanScene& scene, WhatIfSlider slider, double value);

/// Creates a slider widget for `slider` on `interactor`, placed along the bottom of the window,
/// with its callback wired to on_slider_moved (and a re-render). The widget is enabled.
/// With `band` (a renderer covering the bottom strip of the window, see make_slider_band) the
/// slider is drawn in that strip, so it never covers the scene.
[[nodiscard]] vtkSmartPointer<vtkSliderWidget> make_what_if_slider(PlanScene& scene, WhatIfSlider slider,
                                                                    vtkRenderWindowInteractor* interactor,
                                                                    vtkRenderer* band = nullptr);

/// A renderer for the bottom `fraction` of `window` with the scene's background, for the
/// sliders; the scene is moved above it (PlanScene::set_viewport_bottom).
[[nodiscard]] vtkSmartPointer<vtkRenderer> make_slider_band(PlanScene& scene, vtkRenderWindow* window, double fraction);

struct ViewerOptions {
  int width_px = 1280;   ///< window size, pixels
  int height_px = 900;
  bool start_split = false;  ///< open in the split view (before | target; 'v' toggles it)
  std::string title = "contour-view";
  /// 's' saves the window as "<screenshot_prefix>-<n>.png" (n counts up from 1, never
  /// overwriting a file).
  std::string screenshot_prefix = "contour-view";
  /// 'e' calls this with the scene (its what_if() holds the slider values) to write the report;
  /// it returns a line to print (e.g. the file written). Unset: 'e' says export is not available.
  std::function<std::string(const PlanScene&)> export_report;
};

/// Puts every slider back to the plan's own settings (the what-if settings the scene started
/// with) and updates the scene.
void reset_sliders(PlanScene& scene, const WhatIf& initial, const std::vector<vtkSliderWidget*>& sliders);

/// Level of detail while dragging: each source's StartInteractionEvent (a slider grabbed, a
/// camera drag begun) turns PlanScene::set_interactive on, its EndInteractionEvent turns it off
/// and renders the full body again through `interactor`. Does nothing for a scene without a
/// coarse body (PlanScene::has_coarse_body). `twin`, if given, returns the split view's other
/// half (or null), which is switched alike.
void enable_interactive_detail(PlanScene& scene, vtkRenderWindowInteractor* interactor,
                               const std::vector<vtkObject*>& sources, std::function<PlanScene*()> twin = {});

/// The split view: `before` (overlay off) in the left half of the window, `target` (its split
/// twin, PlanScene::make_split_twin) in the right half, one camera for both; the target scene is
/// added to the window. leave_split_view undoes it (the target scene is removed).
void enter_split_view(PlanScene& before, PlanScene& target, vtkRenderWindow* window);
void leave_split_view(PlanScene& before, PlanScene& target, vtkRenderWindow* window);
/// Carries the before scene's what-if settings, colouring, outlines and view over to its twin
/// (the viewer calls it after every slider move and key).
void sync_split_twin(PlanScene& before, PlanScene& target);

/// Opens the window and runs the event loop until it is closed ('q' or the close button).
/// Throws RenderError if no display is available.
void run_viewer(PlanScene& scene, const ViewerOptions& options = {});

}  // namespace contour::vtk
