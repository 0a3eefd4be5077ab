#include "contour/vtk/report_images.hpp"

#include "contour/vtk/render_png.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace contour::vtk {

std::vector<ReportImage> render_report_images(std::shared_ptr<const PlanResult> plan, const GraftOptions& graft,
                                              const ReportImageOptions& options) {
  SceneOptions so;
  so.show_panel = false;
  so.show_legend = false;
  so.light_background = true;
  // Labels that stay legible when the picture is printed about 80 mm wide (about 8 pt).
  so.label_font_size = std::max(15, static_cast<int>(std::lround(0.032 * options.width_px)));
  so.fill_scale_max_mm = options.fill_scale_max_mm;
  PlanScene scene(std::move(plan), graft, so);
  char pct[32];
  std::snprintf(pct, sizeof pct, "%.0f %%", 100 * scene.what_if().correction);
  RenderOptions ro;
  ro.width_px = options.width_px;
  ro.height_px = options.height_px;
  std::vector<ReportImage> out;
  const std::string outlines = "blue: the scan's outline; orange: the target outline at " + std::string(pct) + " correction";
  struct Shot {
    ViewPreset view;
    Shape shape;
    const char* title;
  };
  for (const Shot& s : {Shot{ViewPreset::front, Shape::before, "Front, before"},
                        Shot{ViewPreset::front, Shape::target, "Front, target"},
                        Shot{ViewPreset::side, Shape::before, "Right side, before"},
                        Shot{ViewPreset::side, Shape::target, "Right side, target"},
                        Shot{ViewPreset::left, Shape::before, "Left side, before"},
                        Shot{ViewPreset::left, Shape::target, "Left side, target"},
                        Shot{ViewPreset::front_right, Shape::target, "Front-right oblique, target"},
                        Shot{ViewPreset::front_left, Shape::target, "Front-left oblique, target"}}) {
    scene.set_shape(s.shape);
    scene.set_colouring(Colouring::overlay);
    ro.view = s.view;
    std::string caption = s.shape == Shape::before ? "the scan as it is, with the target as a translucent orange surface; "
                                                   : "the simulated result at " + std::string(pct) + " correction; ";
    const bool oblique = s.view == ViewPreset::front_right || s.view == ViewPreset::front_left;
    out.push_back({s.title,
                   oblique ? "the simulated result at " + std::string(pct) +
                                 " correction, seen at 45 degrees (no outlines: they are the front and side silhouettes)"
                           : caption + outlines,
                   render_png_bytes(scene, ro)});
  }
  scene.set_shape(Shape::before);
  scene.set_colouring(Colouring::fill_thickness);
  ro.view = ViewPreset::front;
  out.push_back({"Front, fill thickness",
                 "the scan coloured by the thickness of graft to add (mm), at " + std::string(pct) + " correction",
                 render_png_bytes(scene, ro)});
  ro.view = ViewPreset::back;
  out.push_back({"Back, fill thickness", "the same from behind", render_png_bytes(scene, ro)});
  return out;
}

}  // namespace contour::vtk
