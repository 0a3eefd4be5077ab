#pragma once
// Off-screen rendering of a scene to PNG, as a file (written atomically) or as bytes (for
// embedding in HTML as a data: URI). Needs an X display (run under xvfb-run on a server).
#include "contour/vtk/image_size.hpp"
#include "contour/vtk/plan_scene.hpp"

#include <cstdint>
#include <string>
#include <vector>

class vtkRenderWindow;

namespace contour::vtk {

/// The window's current back buffer as PNG file bytes (after Render()); empty if the encoder
/// produced nothing.
[[nodiscard]] std::vector<std::uint8_t> window_png_bytes(vtkRenderWindow* window);

/// Throws RenderError when there is no X display to render with (VTK's X11 window would
/// abort the process).
void check_display();

struct RenderOptions {
  ViewPreset view = ViewPreset::front;
  int width_px = 1000;   ///< image width, pixels, [16, 8192]
  int height_px = 800;   ///< image height, pixels, [16, 8192]
};

/// Renders the scene off-screen (camera set to options.view) and returns the PNG file's bytes.
/// Throws InvalidInput for a size out of range, RenderError when no display is available.
[[nodiscard]] std::vector<std::uint8_t> render_png_bytes(PlanScene& scene, const RenderOptions& options = {});

/// The split view rendered off-screen: `before` in the left half, `target` (its split twin,
/// PlanScene::make_split_twin) in the right half, one camera (enter_split_view). Both scenes are
/// left as they were, except that they then share the camera.
[[nodiscard]] std::vector<std::uint8_t> render_split_png_bytes(PlanScene& before, PlanScene& target,
                                                               const RenderOptions& options = {});

/// As render_png_bytes, written to `path` through a temporary file renamed into place.
/// Throws IoError naming the path if it cannot be written.
void render_png_file(PlanScene& scene, const RenderOptions& options, const std::string& path);

}  // namespace contour::vtk
