// The viewer's what-if update on the 1 M-triangle phantom: one slider step = PlanScene::set_what_if
// (target points, colours, volumes and panel text from the plan's precomputed data) and, in the
// second benchmark, the render of the frame that shows it (off-screen; Mesa llvmpipe under
// xvfb-run on these machines, so the render figure is software OpenGL's), still and while a
// drag is in progress (the viewer's level of detail: coarse triangles, no multisampling).
// Goal (issue 11): the update under 50 ms. Run: xvfb-run -a ./build/bench/bench_whatif
#include "contour/phantom/make_phantom.hpp"
#include "contour/plan/run_plan.hpp"
#include "contour/vtk/plan_scene.hpp"

#include <benchmark/benchmark.h>
#include <vtkNew.h>
#include <vtkCamera.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <memory>

namespace {

std::shared_ptr<const contour::PlanResult> big_plan() {
  static std::shared_ptr<const contour::PlanResult> plan = [] {
    contour::PhantomOptions o;
    o.voxel_mm = 3.0;
    o.subdivide = 1;  // ~1.08 M triangles, as bench_plan's big phantom
    o.left.depth_mm = 10;
    o.right.depth_mm = 14;
    contour::ImportedScan scan = contour::import_mesh(contour::make_phantom(o).mesh, "phantom");
    return std::make_shared<const contour::PlanResult>(contour::run_plan(std::move(scan), contour::PlanOptions{}));
  }();
  return plan;
}

/// Alternates the correction between two values so that every step really changes the target.
void step(contour::vtk::PlanScene& scene, int i) {
  contour::vtk::WhatIf w = scene.what_if();
  w.correction = (i % 2) ? 0.55 : 0.85;
  scene.set_what_if(w);
}

void BM_WhatIfUpdate(benchmark::State& st) {
  contour::vtk::PlanScene scene(big_plan(), contour::GraftOptions{});
  int i = 0;
  for (auto _ : st) step(scene, i++);
  st.counters["triangles"] = static_cast<double>(big_plan()->geometry.surface.before.num_faces());
}

/// A render window as the viewer's: 1280 x 800, 8 x multisampling for still frames.
struct ViewerWindow {
  explicit ViewerWindow(contour::vtk::PlanScene& s) : scene(s) {
    window->SetOffScreenRendering(1);
    window->SetSize(1280, 800);
    window->SetMultiSamples(8);
    scene.add_to(window);
    scene.set_view(contour::vtk::ViewPreset::front);
    window->Render();
  }
  ~ViewerWindow() { scene.remove_from(window); }
  /// What the viewer does when a drag starts (InteractiveDetail in viewer_window.cpp): coarse
  /// triangles and no multisampling until the drag ends.
  void start_drag() {
    scene.set_interactive(true);
    window->SetMultiSamples(0);
    window->Render();
  }
  contour::vtk::PlanScene& scene;
  vtkNew<vtkRenderWindow> window;
};

/// A slider step and the frame that shows it; arg 0: still (full detail), 1: while dragging.
void BM_WhatIfUpdateAndRender(benchmark::State& st) {
  contour::vtk::PlanScene scene(big_plan(), contour::GraftOptions{});
  ViewerWindow w(scene);
  if (st.range(0) != 0) w.start_drag();
  int i = 0;
  for (auto _ : st) {
    step(scene, i++);
    w.window->Render();
  }
  st.counters["drawn_triangles"] = static_cast<double>(scene.drawn_triangles());
}

/// A camera step (rotation, no what-if change) and its frame; arg 0: still, 1: while dragging.
void BM_RotateAndRender(benchmark::State& st) {
  contour::vtk::PlanScene scene(big_plan(), contour::GraftOptions{});
  ViewerWindow w(scene);
  if (st.range(0) != 0) w.start_drag();
  for (auto _ : st) {
    scene.renderer()->GetActiveCamera()->Azimuth(3);
    w.window->Render();
  }
  st.counters["drawn_triangles"] = static_cast<double>(scene.drawn_triangles());
}

}  // namespace

BENCHMARK(BM_WhatIfUpdate)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_WhatIfUpdateAndRender)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(5);
BENCHMARK(BM_RotateAndRender)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(5);
BENCHMARK_MAIN();
