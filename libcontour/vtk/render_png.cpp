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

std::vector<std::uint8_t> render_png_bytes(PlanScene& scene, const RenderOptions& options) {
  if (options.width_px < 16 || options.width_px > 8192 || options.height_px < 16 || options.height_px > 8192)
    throw InvalidInput("render: image size must be 16..8192 pixels each way, got " + std::to_string(options.width_px) +
                       "x" + std::to_string(options.height_px));
  check_display();
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetMultiSamples(8);
  window->SetSize(options.width_px, options.height_px);
  scene.add_to(window);
  scene.set_view(options.view);
  window->Render();

  std::vector<std::uint8_t> bytes = window_png_bytes(window);
  scene.remove_from(window);
  window->Finalize();
  if (bytes.empty()) throw RenderError("render: the PNG encoder produced no data");
  return bytes;
}

std::vector<std::uint8_t> render_split_png_bytes(PlanScene& before, PlanScene& target, const RenderOptions& options) {
  if (options.width_px < 32 || options.width_px > 8192 || options.height_px < 16 || options.height_px > 8192)
    throw InvalidInput("render: image size must be 32..8192 x 16..8192 pixels, got " + std::to_string(options.width_px) +
                       "x" + std::to_string(options.height_px));
  check_display();
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetMultiSamples(8);
  window->SetSize(options.width_px, options.height_px);
  before.add_to(window);
  before.set_view(options.view);
  enter_split_view(before, target, window);
  window->Render();
  std::vector<std::uint8_t> bytes = window_png_bytes(window);
  leave_split_view(before, target, window);
  before.remove_from(window);
  window->Finalize();
  if (bytes.empty()) throw RenderError("render: the PNG encoder produced no data");
  return bytes;
}

void render_png_file(PlanScene& scene, const RenderOptions& options, const std::string& path) {
  const std::vector<std::uint8_t> bytes = render_png_bytes(scene, options);
  write_file_atomically(
      path, [&](std::ostream& o) { o.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size())); },
      true);
}

}  // namespace contour::vtk
