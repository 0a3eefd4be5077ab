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

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace contour::vtk {

namespace {

/// Trackball camera whose keys are the viewer's; 'q' / 'e' quit, other VTK defaults are off.
class ViewerStyle : public vtkInteractorStyleTrackballCamera {
 public:
  static ViewerStyle* New();
  vtkTypeMacro(ViewerStyle, vtkInteractorStyleTrackballCamera);
  PlanScene* scene = nullptr;

  void OnChar() override {
    vtkRenderWindowInteractor* rwi = this->Interactor;
    const char key = rwi->GetKeyCode();
    if (scene != nullptr && apply_viewer_key(*scene, key)) {
      rwi->Render();
      return;
    }
    if (key == 'q' || key == 'Q' || key == 'e' || key == 'E') vtkInteractorStyleTrackballCamera::OnChar();
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

}  // namespace

SliderRange slider_range(WhatIfSlider slider) {
  switch (slider) {
    case WhatIfSlider::correction: return {0.0, 1.0};
    case WhatIfSlider::resorption: return {0.0, 0.9};
    case WhatIfSlider::yield: return {0.2, 1.0};
  }
  return {0.0, 1.0};
}

void on_slider_moved(PlanScene& scene, WhatIfSlider slider, double value) {
  const SliderRange range = slider_range(slider);
  value = std::clamp(value, range.min, range.max);
  WhatIf w = scene.what_if();
  switch (slider) {
    case WhatIfSlider::correction: w.correction = value; break;
    case WhatIfSlider::resorption: w.resorption = value; break;
    case WhatIfSlider::yield: w.yield = value; break;
  }
  scene.set_what_if(w);
}

vtkSmartPointer<vtkSliderWidget> make_what_if_slider(PlanScene& scene, WhatIfSlider slider,
                                                     vtkRenderWindowInteractor* interactor) {
  const SliderRange range = slider_range(slider);
  vtkNew<vtkSliderRepresentation2D> rep;
  rep->SetMinimumValue(range.min);
  rep->SetMaximumValue(range.max);
  double value = 0, x0 = 0;
  const char* title = "";
  switch (slider) {
    case WhatIfSlider::correction:
      value = scene.what_if().correction, x0 = 0.04, title = "Correction fraction";
      break;
    case WhatIfSlider::resorption:
      value = scene.graft().resorption, x0 = 0.36, title = "Resorption (planning)";
      break;
    case WhatIfSlider::yield:
      value = scene.graft().yield, x0 = 0.68, title = "Processing yield";
      break;
  }
  rep->SetValue(std::clamp(value, range.min, range.max));
  rep->SetTitleText(title);
  rep->SetLabelFormat("%.2f");
  rep->GetPoint1Coordinate()->SetCoordinateSystemToNormalizedDisplay();
  rep->GetPoint1Coordinate()->SetValue(x0, 0.07);
  rep->GetPoint2Coordinate()->SetCoordinateSystemToNormalizedDisplay();
  rep->GetPoint2Coordinate()->SetValue(x0 + 0.27, 0.07);
  rep->SetSliderLength(0.02);
  rep->SetSliderWidth(0.03);
  rep->SetTubeWidth(0.006);
  rep->SetEndCapLength(0.01);
  rep->SetTitleHeight(0.025);
  rep->SetLabelHeight(0.022);
  rep->GetSliderProperty()->SetColor(0.3, 0.6, 1.0);
  rep->GetSelectedProperty()->SetColor(0.5, 0.8, 1.0);
  rep->GetTubeProperty()->SetColor(0.85, 0.85, 0.85);
  rep->GetCapProperty()->SetColor(0.85, 0.85, 0.85);

  auto widget = vtkSmartPointer<vtkSliderWidget>::New();
  widget->SetInteractor(interactor);
  widget->SetRepresentation(rep);
  widget->SetAnimationModeToJump();
  vtkNew<SliderCallback> cb;
  cb->scene = &scene;
  cb->slider = slider;
  widget->AddObserver(vtkCommand::InteractionEvent, cb);
  widget->EnabledOn();
  return widget;
}

void run_viewer(PlanScene& scene, const ViewerOptions& options) {
  const char* display = std::getenv("DISPLAY");
  if (display == nullptr || *display == '\0')
    throw RenderError("cannot open a window: no X display (DISPLAY is not set)");
  vtkNew<vtkRenderWindow> window;
  window->SetSize(options.width_px, options.height_px);
  window->SetWindowName(options.title.c_str());
  window->SetMultiSamples(8);
  window->AddRenderer(scene.renderer());
  vtkNew<vtkRenderWindowInteractor> interactor;
  interactor->SetRenderWindow(window);
  vtkNew<ViewerStyle> style;
  style->scene = &scene;
  interactor->SetInteractorStyle(style);
  interactor->Initialize();
  std::vector<vtkSmartPointer<vtkSliderWidget>> sliders;
  for (WhatIfSlider s : {WhatIfSlider::correction, WhatIfSlider::resorption, WhatIfSlider::yield})
    sliders.push_back(make_what_if_slider(scene, s, interactor));
  scene.set_view(scene.view());
  window->Render();
  interactor->Start();
  for (auto& s : sliders) s->EnabledOff();
  window->RemoveRenderer(scene.renderer());
}

}  // namespace contour::vtk
