#include "contour/report/html_report.hpp"

#include "core/format_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace contour {

namespace {

std::string num(double v) { return detail::format_text("%.1f", v); }

/// A round tick step giving about `count` ticks over `range`.
double nice_step(double range, int count) {
  const double raw = range / std::max(1, count);
  const double mag = std::pow(10.0, std::floor(std::log10(std::max(raw, 1e-9))));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

}  // namespace

std::string silhouette_plot_svg(const PlanResult& plan, Side side, int width_px, int height_px,
                                const SilhouetteCurve* extra) {
  const GeometryResult& g = plan.geometry;
  const Silhouette& sil = g.silhouette;
  const SideGeometry& sg = g.sides[side == Side::Left ? 0 : 1];
  const Landmarks& lm = sg.landmarks.z;
  const bool mirrored = side == Side::Right;
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"silhouette\" width=\"" << width_px << "\" height=\""
    << height_px << "\" viewBox=\"0 0 " << width_px << " " << height_px << "\" font-family=\"Helvetica, Arial, sans-serif\" role=\"img\" aria-label=\""
    << "Silhouette of the patient's " << side_name(side) << " side, before and target\">\n";
  const std::string title = std::string("Patient's ") + side_name(side) + " side";
  o << "<text x=\"" << width_px / 2 << "\" y=\"16\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">"
    << title << "</text>\n";

  // Samples in the plot: from below the thigh end to above the waist.
  const double z_lo = lm.thigh_z_mm - 20, z_hi = lm.waist_z_mm + 40;
  double w_lo = 1e300, w_hi = -1e300, zmin = 1e300, zmax = -1e300;
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < sil.z.size(); ++i) {
    if (!sil.valid[i] || sil.z[i] < z_lo || sil.z[i] > z_hi) continue;
    idx.push_back(i);
    const double w = sil.width(side, i);
    const double t = i < sg.curve.target.size() ? sg.curve.target[i] : w;
    w_lo = std::min({w_lo, w, t});
    w_hi = std::max({w_hi, w, t});
    if (extra && i < extra->width_mm.size() && std::isfinite(extra->width_mm[i])) {
      w_lo = std::min(w_lo, extra->width_mm[i]);
      w_hi = std::max(w_hi, extra->width_mm[i]);
    }
    zmin = std::min(zmin, sil.z[i]);
    zmax = std::max(zmax, sil.z[i]);
  }
  if (idx.size() < 2) {
    o << "<text x=\"10\" y=\"40\" font-size=\"12\">No silhouette samples in the hip window.</text>\n</svg>\n";
    return o.str();
  }
  w_lo -= 5, w_hi += 5;
  const double ml = 44, mr = 14, mt = 26, mb = 44;
  const double pw = width_px - ml - mr, ph = height_px - mt - mb;
  auto px = [&](double w) {
    const double u = (w - w_lo) / (w_hi - w_lo);
    return mirrored ? ml + pw * (1 - u) : ml + pw * u;
  };
  auto py = [&](double z) { return mt + ph * (1 - (z - zmin) / (zmax - zmin)); };

  // Grid and axes.
  o << "<rect x=\"" << ml << "\" y=\"" << mt << "\" width=\"" << pw << "\" height=\"" << ph
    << "\" fill=\"#fafafa\" stroke=\"#999\"/>\n";
  const double ws = nice_step(w_hi - w_lo, 5), zs = nice_step(zmax - zmin, 8);
  for (double w = std::ceil(w_lo / ws) * ws; w <= w_hi; w += ws) {
    o << "<line x1=\"" << num(px(w)) << "\" y1=\"" << mt << "\" x2=\"" << num(px(w)) << "\" y2=\"" << mt + ph
      << "\" stroke=\"#e2e2e2\"/>";
    o << "<text x=\"" << num(px(w)) << "\" y=\"" << mt + ph + 14 << "\" text-anchor=\"middle\" font-size=\"10\">"
      << static_cast<long>(std::lround(w)) << "</text>\n";
  }
  for (double z = std::ceil(zmin / zs) * zs; z <= zmax; z += zs) {
    o << "<line x1=\"" << ml << "\" y1=\"" << num(py(z)) << "\" x2=\"" << ml + pw << "\" y2=\"" << num(py(z))
      << "\" stroke=\"#e2e2e2\"/>";
    o << "<text x=\"" << ml - 4 << "\" y=\"" << num(py(z) + 3) << "\" text-anchor=\"end\" font-size=\"10\">"
      << static_cast<long>(std::lround(z)) << "</text>\n";
  }
  o << "<text x=\"" << ml + pw / 2 << "\" y=\"" << height_px - 18 << "\" text-anchor=\"middle\" font-size=\"11\">"
    << "half-width, mm (outwards " << (mirrored ? "to the left" : "to the right") << ")</text>\n";
  o << "<text x=\"11\" y=\"" << mt + ph / 2 << "\" text-anchor=\"middle\" font-size=\"11\" transform=\"rotate(-90 11 "
    << mt + ph / 2 << ")\">height above the lowest point, mm</text>\n";

  // The fill between the curves, then the curves.
  std::string before, target, area;
  for (std::size_t i : idx) before += num(px(sil.width(side, i))) + "," + num(py(sil.z[i])) + " ";
  for (std::size_t i : idx) {
    const double t = i < sg.curve.target.size() ? sg.curve.target[i] : sil.width(side, i);
    target += num(px(t)) + "," + num(py(sil.z[i])) + " ";
  }
  for (auto it = idx.rbegin(); it != idx.rend(); ++it) area += num(px(sil.width(side, *it))) + "," + num(py(sil.z[*it])) + " ";
  o << "<polygon points=\"" << target << area << "\" fill=\"#e69f00\" fill-opacity=\"0.35\" stroke=\"none\"/>\n";
  o << "<polyline points=\"" << before << "\" fill=\"none\" stroke=\"#0072b2\" stroke-width=\"2\"/>\n";
  o << "<polyline points=\"" << target << "\" fill=\"none\" stroke=\"#e69f00\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>\n";
  if (extra) {
    // Broken where the extra curve has no sample.
    std::string run;
    auto flush = [&] {
      if (run.find(' ') != run.rfind(' '))
        o << "<polyline points=\"" << run << "\" fill=\"none\" stroke=\"#009e73\" stroke-width=\"2\"/>\n";
      run.clear();
    };
    for (std::size_t i : idx) {
      if (i < extra->width_mm.size() && std::isfinite(extra->width_mm[i]))
        run += num(px(extra->width_mm[i])) + "," + num(py(sil.z[i])) + " ";
      else
        flush();
    }
    flush();
  }

  // Landmark levels.
  struct Level {
    const char* name;
    double z;
  };
  for (const Level& l : {Level{"waist", lm.waist_z_mm}, Level{"iliac crest", lm.iliac_z_mm}, Level{"dip", lm.dip_z_mm},
                         Level{"trochanter", lm.trochanter_z_mm}}) {
    if (l.z < zmin || l.z > zmax) continue;
    o << "<line x1=\"" << ml << "\" y1=\"" << num(py(l.z)) << "\" x2=\"" << ml + pw << "\" y2=\"" << num(py(l.z))
      << "\" stroke=\"#777\" stroke-dasharray=\"4 3\"/>";
    const double tx = mirrored ? ml + 4 : ml + pw - 4;
    o << "<text x=\"" << tx << "\" y=\"" << num(py(l.z) - 3) << "\" text-anchor=\"" << (mirrored ? "start" : "end")
      << "\" font-size=\"10\" fill=\"#444\">" << l.name << " " << static_cast<long>(std::lround(l.z)) << "</text>\n";
  }
  // Legend.
  const double ly = height_px - 5;
  o << "<line x1=\"" << ml << "\" y1=\"" << ly - 4 << "\" x2=\"" << ml + 18 << "\" y2=\"" << ly - 4
    << "\" stroke=\"#0072b2\" stroke-width=\"2\"/><text x=\"" << ml + 22 << "\" y=\"" << ly
    << "\" font-size=\"10\">before</text>";
  o << "<line x1=\"" << ml + 70 << "\" y1=\"" << ly - 4 << "\" x2=\"" << ml + 88 << "\" y2=\"" << ly - 4
    << "\" stroke=\"#e69f00\" stroke-width=\"2\"/><text x=\"" << ml + 92 << "\" y=\"" << ly
    << "\" font-size=\"10\">target (" << static_cast<long>(std::lround(100 * g.correction)) << " %)</text>\n";
  if (extra)
    o << "<line x1=\"" << ml + 165 << "\" y1=\"" << ly - 4 << "\" x2=\"" << ml + 183 << "\" y2=\"" << ly - 4
      << "\" stroke=\"#009e73\" stroke-width=\"2\"/><text x=\"" << ml + 187 << "\" y=\"" << ly
      << "\" font-size=\"10\">" << html_escape(extra->label) << "</text>\n";
  o << "</svg>\n";
  return o.str();
}

}  // namespace contour
