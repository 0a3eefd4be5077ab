#include "contour/vtk/viewer_window.hpp"

#include "contour/core/errors.hpp"

#include <vtkCommand.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkNew.h>
#include <vtkObjectFactory.h>
#include <vtkProperty2D.h>
#include <vtkRenderWindow.h>
#include <vtkRenderWindowInteractor.h>
#include <vtkRenderer.h>
#include <vtkSliderRepresentation2D.h>
#include <vtkSliderWidget.h>
#include <vtkTextProperty.h>
#include <vtkPNGWriter.h>
#include <vtkWindowToImageFilter.h>

#include <filesystem>
#include <iostream>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace contour::vtk {

namespace {

/// Share of the window height below the scene, for the sliders and their titles.
constexpr double kSliderBandFraction = 0.15;

/// Trackball camera whose keys are the viewer's; 'q' quits, other VTK defaults are off ('e',
/// VTK's "exit", exports the report instead; 's' saves a screenshot, not surface mode).
class ViewerStyle : public vtkInteractorStyleTrackballCamera {
 public:
  static ViewerStyle* New();
  vtkTypeMacro(ViewerStyle, vtkInteractorStyleTrackballCamera);
  PlanScene* scene = nullptr;
  const ViewerOptions* options = nullptr;
  WhatIf initial;
  std::vector<vtkSliderWidget*> sliders;
  int shots = 0;
  /// The split view's target half ('v'), made on first use; shared with the slider callbacks.
  std::shared_ptr<std::unique_ptr<PlanScene>> twin = std::make_shared<std::unique_ptr<PlanScene>>();
  bool split = false;

  void OnChar() override {
    vtkRenderWindowInteractor* rwi = this->Interactor;
    const char key = rwi->GetKeyCode();
    if (scene != nullptr && (key == 'v' || key == 'V')) {
      vtkRenderWindow* window = rwi->GetRenderWindow();
      if (!*twin) *twin = scene->make_split_twin();
      split = !split;
      if (split) enter_split_view(*scene, **twin, window);
      else leave_split_view(*scene, **twin, window);
      rwi->Render();
      return;
    }
    if (scene != nullptr && apply_viewer_key(*scene, key)) {
      if (split && *twin) sync_split_twin(*scene, **twin);
      rwi->Render();
      return;
    }
    if (scene != nullptr && key == '0') {
      reset_sliders(*scene, initial, sliders);
      if (split && *twin) sync_split_twin(*scene, **twin);
      rwi->Render();
    } else if (scene != nullptr && (key == 's' || key == 'S')) {
      save_screenshot(rwi->GetRenderWindow());
    } else if (scene != nullptr && (key == 'e' || key == 'E')) {
      try {
        std::cerr << "[contour-view] "
                  << (options && options->export_report ? options->export_report(*scene) : std::string("export not available"))
                  << "\n";
      } catch (const std::exception& e) {
        std::cerr << "[contour-view] export failed: " << e.what() << "\n";
      }
    } else if (key == 'q' || key == 'Q') {
      vtkInteractorStyleTrackballCamera::OnChar();
    }
  }

  void save_screenshot(vtkRenderWindow* window) {
    const std::string prefix = options ? options->screenshot_prefix : std::string("contour-view");
    std::string path;
    do path = prefix + "-" + std::to_string(++shots) + ".png";
    while (std::filesystem::exists(path));
    vtkNew<vtkWindowToImageFilter> grab;
    grab->SetInput(window);
    grab->SetInputBufferTypeToRGB();
    grab->ReadFrontBufferOff();
    grab->Update();
    vtkNew<vtkPNGWriter> png;
    png->SetFileName(path.c_str());
    png->SetInputConnection(grab->GetOutputPort());
    png->Write();
    std::cerr << "[contour-view] wrote " << path << "\n";
  }
};
vtkStandardNewMacro(ViewerStyle);

class SliderCallback : public vtkCommand {
 public:
  static SliderCallback* New() { return new SliderCallback; }
  PlanScene* scene = nullptr;
  WhatIfSlider slider = WhatIfSlider::correction;

  void Execute(vtkObject* caller, unsigned long, void*) override {
    auto* widget = static_cast<vtkSliderWidget*>(caller);
    const double value = static_cast<vtkSliderRepresentation*>(widget->GetRepresentation())->GetValue();
    on_slider_moved(*scene, slider, value);
    if (vtkRenderWindowInteractor* rwi = widget->GetInteractor())
      if (rwi->GetRenderWindow() != nullptr) rwi->Render();
  }
};

/// Level of detail: while a slider or the camera is dragged the scene draws its coarse body
/// (PlanScene::set_interactive); on release the full body is drawn again.
class InteractiveDetail : public vtkCommand {
 public:
  static InteractiveDetail* New() { return new InteractiveDetail; }
  PlanScene* scene = nullptr;
  vtkRenderWindowInteractor* interactor = nullptr;
  std::function<PlanScene*()> twin;  ///< the split view's other half, if any

  void Execute(vtkObject*, unsigned long event, void*) override {
    vtkRenderWindow* window = interactor != nullptr ? interactor->GetRenderWindow() : nullptr;
    PlanScene* other = twin ? twin() : nullptr;
    if (other != nullptr) other->set_interactive(event == vtkCommand::StartInteractionEvent);
    if (event == vtkCommand::StartInteractionEvent) {
      scene->set_interactive(true);
      // Multisampling costs software OpenGL more than the triangles do (bench_whatif: a coarse
      // frame takes about 3 x as long with 8 samples); still frames keep it.
      if (window != nullptr && window->GetMultiSamples() > 0) {
        still_samples = window->GetMultiSamples();
        window->SetMultiSamples(0);
      }
    } else if (event == vtkCommand::EndInteractionEvent) {
      scene->set_interactive(false);
      if (window != nullptr) {
        if (still_samples > 0) window->SetMultiSamples(still_samples);
        still_samples = 0;
        interactor->Render();
      }
    }
  }
  int still_samples = 0;  ///< the window's multisampling before the drag
};

/// The split view's target half follows a slider: observes the slider before its own callback
/// (higher priority), so the one render that callback makes shows both halves updated.
class TwinSlider : public vtkCommand {
 public:
  static TwinSlider* New() { return new TwinSlider; }
  std::shared_ptr<std::unique_ptr<PlanScene>> twin;
  WhatIfSlider slider = WhatIfSlider::correction;

  void Execute(vtkObject* caller, unsigned long, void*) override {
    if (!twin || !*twin) return;
    auto* widget = static_cast<vtkSliderWidget*>(caller);
    on_slider_moved(**twin, slider, static_cast<vtkSliderRepresentation*>(widget->GetRepresentation())->GetValue());
  }
};

}  // namespace

SliderRange slider_range(WhatIfSlider slider) {
  switch (slider) {
    case WhatIfSlider::correction: return {0.0, 1.0};
    case WhatIfSlider::resorption: return {0.0, 0.9};
    case WhatIfSlider::yield: return {0.2, 1.0};
    case WhatIfSlider::correction_right:
    case WhatIfSlider::correction_left: return {0.0, 1.0};
  }
  return {0.0, 1.0};
}

void on_slider_moved(PlanScene& scene, WhatIfSlider slider, double value) {
  const SliderRange range = slider_range(slider);
  value = std::clamp(value, range.min, range.max);
  WhatIf w = scene.what_if();
  switch (slider) {
    case WhatIfSlider::correction:
      w.correction = value;
      w.correction_left.reset();
      w.correction_right.reset();
      break;
    case WhatIfSlider::correction_right: w.correction_right = value; break;
    case WhatIfSlider::correction_left: w.correction_left = value; break;
    case WhatIfSlider::resorption: w.resorption = value; break;
    case WhatIfSlider::yield: w.yield = value; break;
  }
  scene.set_what_if(w);
}

vtkSmartPointer<vtkRenderer> make_slider_band(PlanScene& scene, vtkRenderWindow* window, double fraction) {
  auto band = vtkSmartPointer<vtkRenderer>::New();
  band->SetViewport(0, 0, 1, fraction);
  double bg[3];
  scene.renderer()->GetBackground(bg);
  band->SetBackground(bg);
  band->SetLayer(0);
  window->AddRenderer(band);
  scene.set_viewport_bottom(fraction);
  return band;
}

vtkSmartPointer<vtkSliderWidget> make_what_if_slider(PlanScene& scene, WhatIfSlider slider,
                                                     vtkRenderWindowInteractor* interactor, vtkRenderer* band) {
  const SliderRange range = slider_range(slider);
  vtkNew<vtkSliderRepresentation2D> rep;
  rep->SetMinimumValue(range.min);
  rep->SetMaximumValue(range.max);
  double value = 0, x0 = 0;
  const char* title = "";
  // Four along the bottom: the patient's right first (it is on the left in the front view).
  switch (slider) {
    case WhatIfSlider::correction:
      value = scene.what_if().correction, x0 = 0.03, title = "Correction fraction";
      break;
    case WhatIfSlider::correction_right:
      value = scene.what_if().side_correction()[1], x0 = 0.03, title = "Correction, patient's R";
      break;
    case WhatIfSlider::correction_left:
      value = scene.what_if().side_correction()[0], x0 = 0.28, title = "Correction, patient's L";
      break;
    case WhatIfSlider::resorption:
      value = scene.graft().resorption, x0 = 0.53, title = "Resorption (planning)";
      break;
    case WhatIfSlider::yield:
      value = scene.graft().yield, x0 = 0.78, title = "Processing yield";
      break;
  }
  rep->SetValue(std::clamp(value, range.min, range.max));
  rep->SetTitleText(title);
  rep->SetLabelFormat("%.2f");
  // In the band the sizes are fractions of the band's height, else of the window's.
  const double y = band ? 0.58 : 0.08, k = band ? 1.0 / 0.15 : 1.0;
  rep->GetPoint1Coordinate()->SetCoordinateSystemToNormalizedViewport();
  rep->GetPoint1Coordinate()->SetValue(x0, y);
  rep->GetPoint2Coordinate()->SetCoordinateSystemToNormalizedViewport();
  rep->GetPoint2Coordinate()->SetValue(x0 + 0.20, y);
  rep->SetSliderLength(0.02);
  rep->SetSliderWidth(0.03 * k);
  rep->SetTubeWidth(0.006 * k);
  rep->SetEndCapLength(0.01);
  rep->SetEndCapWidth(0.05 * k);
  rep->SetTitleHeight(0.025 * k);
  rep->SetLabelHeight(0.022 * k);
  rep->GetSliderProperty()->SetColor(0.3, 0.6, 1.0);
  rep->GetSelectedProperty()->SetColor(0.5, 0.8, 1.0);
  rep->GetTubeProperty()->SetColor(0.85, 0.85, 0.85);
  rep->GetCapProperty()->SetColor(0.85, 0.85, 0.85);

  auto widget = vtkSmartPointer<vtkSliderWidget>::New();
  widget->SetInteractor(interactor);
  if (band) widget->SetDefaultRenderer(band);
  widget->SetRepresentation(rep);
  widget->SetAnimationModeToJump();
  vtkNew<SliderCallback> cb;
  cb->scene = &scene;
  cb->slider = slider;
  widget->AddObserver(vtkCommand::InteractionEvent, cb);
  widget->EnabledOn();
  return widget;
}

void reset_sliders(PlanScene& scene, const WhatIf& initial, const std::vector<vtkSliderWidget*>& sliders) {
  scene.set_what_if(initial);
  for (vtkSliderWidget* w : sliders) {
    auto* rep = static_cast<vtkSliderRepresentation*>(w->GetRepresentation());
    const std::string title = rep->GetTitleText() ? rep->GetTitleText() : "";
    double value = scene.what_if().correction;
    if (title == "Correction, patient's R") value = scene.what_if().side_correction()[1];
    else if (title == "Correction, patient's L") value = scene.what_if().side_correction()[0];
    else if (title == "Resorption (planning)") value = scene.graft().resorption;
    else if (title == "Processing yield") value = scene.graft().yield;
    rep->SetValue(value);
  }
}

void enter_split_view(PlanScene& before, PlanScene& target, vtkRenderWindow* window) {
  before.set_overlay_visible(false);
  before.set_panel_visible(false);
  target.share_camera_of(before);
  target.add_to(window);
  target.set_viewport_bottom(before.viewport_bottom());
  target.set_viewport_columns(0.5, 1.0);
  before.set_viewport_columns(0.0, 0.5);
  sync_split_twin(before, target);
  before.set_view(before.view());  // the shared camera framed for the before half, with its panel
}

void leave_split_view(PlanScene& before, PlanScene& target, vtkRenderWindow* window) {
  target.remove_from(window);
  before.set_overlay_visible(true);
  before.set_panel_visible(true);
  before.set_viewport_columns(0.0, 1.0);
}

void sync_split_twin(PlanScene& before, PlanScene& target) {
  target.set_what_if(before.what_if());
  target.set_curves_visible(before.curves_visible());
  if (before.colouring() != Colouring::difference || target.has_followup()) target.set_colouring(before.colouring());
  if (target.view() != before.view()) {
    target.set_view(before.view());  // moves the shared camera: frame it for the before half again
    before.set_view(before.view());
  }
}

void enable_interactive_detail(PlanScene& scene, vtkRenderWindowInteractor* interactor,
                               const std::vector<vtkObject*>& sources, std::function<PlanScene*()> twin) {
  if (!scene.has_coarse_body()) return;
  vtkNew<InteractiveDetail> detail;
  detail->scene = &scene;
  detail->interactor = interactor;
  detail->twin = std::move(twin);
  for (vtkObject* source : sources) {
    source->AddObserver(vtkCommand::StartInteractionEvent, detail);
    source->AddObserver(vtkCommand::EndInteractionEvent, detail);
  }
}

void run_viewer(PlanScene& scene, const ViewerOptions& options) {
  const char* display = std::getenv("DISPLAY");
  if (display == nullptr || *display == '\0')
    throw RenderError("cannot open a window: no X display (DISPLAY is not set)");
  vtkNew<vtkRenderWindow> window;
  window->SetSize(options.width_px, options.height_px);
  window->SetWindowName(options.title.c_str());
  window->SetMultiSamples(8);
  scene.add_to(window);
  // The sliders get the bottom of the window to themselves: nothing is drawn under them.
  const vtkSmartPointer<vtkRenderer> band = make_slider_band(scene, window, kSliderBandFraction);
  vtkNew<vtkRenderWindowInteractor> interactor;
  interactor->SetRenderWindow(window);
  vtkNew<ViewerStyle> style;
  style->scene = &scene;
  style->options = &options;
  style->initial = scene.what_if();
  interactor->SetInteractorStyle(style);
  interactor->Initialize();
  std::vector<vtkSmartPointer<vtkSliderWidget>> sliders;
  for (WhatIfSlider s : {WhatIfSlider::correction_right, WhatIfSlider::correction_left, WhatIfSlider::resorption,
                         WhatIfSlider::yield}) {
    sliders.push_back(make_what_if_slider(scene, s, interactor, band));
    vtkNew<TwinSlider> follow;
    follow->twin = style->twin;
    follow->slider = s;
    sliders.back()->AddObserver(vtkCommand::InteractionEvent, follow, 1.0f);
  }
  for (auto& s : sliders) style->sliders.push_back(s);
  std::vector<vtkObject*> drag_sources{style.Get()};
  for (auto& s : sliders) drag_sources.push_back(s);
  const std::shared_ptr<std::unique_ptr<PlanScene>> twin = style->twin;
  enable_interactive_detail(scene, interactor, drag_sources, [twin] { return twin->get(); });
  scene.set_view(scene.view());
  if (options.start_split) {
    *style->twin = scene.make_split_twin();
    style->split = true;
    enter_split_view(scene, **style->twin, window);
  }
  window->Render();
  interactor->Start();
  for (auto& s : sliders) s->EnabledOff();
  if (style->split && *style->twin) leave_split_view(scene, **style->twin, window);
  scene.remove_from(window);
  window->RemoveRenderer(band);
  scene.set_viewport_bottom(0.0);
}

}  // namespace contour::vtk
