#include "contour/vtk/render_png.hpp"
#include "contour/vtk/viewer_window.hpp"

#include "contour/core/errors.hpp"
#include "contour/io/write_mesh.hpp"

#include <vtkNew.h>
#include <vtkPNGWriter.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>
#include <vtkWindowToImageFilter.h>

#include <cstdlib>
#include <ostream>

namespace contour::vtk {

void check_display() {
  // VTK's X11 render window aborts the process without a display; say so instead.
  const char* display = std::getenv("DISPLAY");
  if (display == nullptr || *display == '\0')
    throw RenderError("cannot render: no X display (DISPLAY is not set); run under xvfb-run -a");
}

std::vector<std::uint8_t> window_png_bytes(vtkRenderWindow* window) {
  vtkNew<vtkWindowToImageFilter> grab;
  grab->SetInput(window);
  grab->SetInputBufferTypeToRGB();
  grab->ReadFrontBufferOff();
  grab->Update();
  vtkNew<vtkPNGWriter> png;
  png->SetWriteToMemory(1);
  png->SetInputConnection(grab->GetOutputPort());
  png->Write();
  vtkUnsignedCharArray* data = png->GetResult();
  std::vector<std::uint8_t> bytes;
  if (data != nullptr && data->GetNumberOfValues() > 0)
    bytes.assign(data->GetPointer(0), data->GetPointer(0) + data->GetNumberOfValues());
  return bytes;
}

namespace {
/// Renders `scene` (and, for the split view, `twin` in the right half) off-screen at the
/// options' size and view; the scenes are left as they were.
std::vector<std::uint8_t> render_scene(PlanScene& scene, PlanScene* twin, const RenderOptions& options) {
  const int min_w = twin ? 32 : 16;
  if (options.width_px < min_w || options.width_px > 8192 || options.height_px < 16 || options.height_px > 8192)
    throw InvalidInput("render: image size must be " + std::to_string(min_w) + "..8192 x 16..8192 pixels, got " +
                       std::to_string(options.width_px) + "x" + std::to_string(options.height_px));
  check_display();
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetMultiSamples(8);
  window->SetSize(options.width_px, options.height_px);
  scene.add_to(window);
  scene.set_view(options.view);
  if (twin) enter_split_view(scene, *twin, window);
  window->Render();
  std::vector<std::uint8_t> bytes = window_png_bytes(window);
  if (twin) leave_split_view(scene, *twin, window);
  scene.remove_from(window);
  window->Finalize();
  if (bytes.empty()) throw RenderError("render: the PNG encoder produced no data");
  return bytes;
}
}  // namespace

std::vector<std::uint8_t> render_png_bytes(PlanScene& scene, const RenderOptions& options) {
  return render_scene(scene, nullptr, options);
}

std::vector<std::uint8_t> render_split_png_bytes(PlanScene& before, PlanScene& target, const RenderOptions& options) {
  return render_scene(before, &target, options);
}

void render_png_file(PlanScene& scene, const RenderOptions& options, const std::string& path) {
  const std::vector<std::uint8_t> bytes = render_png_bytes(scene, options);
  write_file_atomically(
      path, [&](std::ostream& o) { o.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size())); },
      true);
}

}  // namespace contour::vtk
