#include "contour/silhouette/find_landmarks.hpp"

#include "contour/core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <sstream>

namespace contour {

std::vector<double> smooth_samples(const std::vector<double>& w, double sigma) {
  if (sigma <= 0.1 || w.size() < 3) return w;
  const int r = static_cast<int>(std::ceil(3 * sigma));
  std::vector<double> k(2 * r + 1);
  for (int i = -r; i <= r; ++i) k[i + r] = std::exp(-0.5 * i * i / (sigma * sigma));
  std::vector<double> out(w.size());
  const int n = static_cast<int>(w.size());
  for (int i = 0; i < n; ++i) {
    double s = 0, ws = 0;
    for (int j = -r; j <= r; ++j) {
      const int q = i + j;
      if (q < 0 || q >= n) continue;
      s += k[j + r] * w[q];
      ws += k[j + r];
    }
    out[i] = s / ws;
  }
  return out;
}

std::vector<std::size_t> upper_hull(const std::vector<double>& z, const std::vector<double>& w, std::size_t first,
                                    std::size_t last) {
  std::vector<std::size_t> h;
  for (std::size_t i = first; i <= last; ++i) {
    while (h.size() >= 2) {
      const std::size_t a = h[h.size() - 2], b = h.back();
      // Remove b if it lies on or below the segment a -> i.
      const double cross = (z[b] - z[a]) * (w[i] - w[a]) - (w[b] - w[a]) * (z[i] - z[a]);
      if (cross >= 0) h.pop_back();
      else break;
    }
    h.push_back(i);
  }
  return h;
}

std::size_t nearest_index(const std::vector<double>& z, double zq) {
  const auto it = std::lower_bound(z.begin(), z.end(), zq);
  if (it == z.begin()) return 0;
  if (it == z.end()) return z.size() - 1;
  const auto i = static_cast<std::size_t>(it - z.begin());
  return (zq - z[i - 1] < z[i] - zq) ? i - 1 : i;
}

namespace {

std::string mm(double v) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(0);
  s << v << " mm";
  return s.str();
}

std::size_t dip_index(const std::vector<double>& z, const std::vector<double>& gap, std::size_t a, std::size_t b,
                      std::size_t fallback);
std::vector<double> envelope_gap(const std::vector<double>& z, const std::vector<double>& w, std::size_t a, std::size_t b);

/// Deepest point between a and b of the chord-envelope (hull over [a, b]) minus the profile.
std::pair<std::size_t, double> deepest(const std::vector<double>& z, const std::vector<double>& w, std::size_t a,
                                       std::size_t b) {
  const auto h = upper_hull(z, w, a, b);
  std::size_t best = (a + b) / 2;
  double depth = 0;
  for (std::size_t k = 0; k + 1 < h.size(); ++k) {
    const std::size_t i0 = h[k], i1 = h[k + 1];
    for (std::size_t i = i0; i <= i1; ++i) {
      const double t = z[i1] > z[i0] ? (z[i] - z[i0]) / (z[i1] - z[i0]) : 0.0;
      const double env = w[i0] + t * (w[i1] - w[i0]);
      if (env - w[i] > depth) depth = env - w[i], best = i;
    }
  }
  return {dip_index(z, envelope_gap(z, w, a, b), a, b, best), depth};
}

/// The dip level: the middle of the samples whose gap is within 10 % of the deepest one, which is
/// stable where the bottom of a dip is flat (the arg-max alone can jump by centimetres).
std::size_t dip_index(const std::vector<double>& z, const std::vector<double>& gap, std::size_t a, std::size_t b,
                      std::size_t fallback) {
  double m = 0;
  for (std::size_t i = a; i <= b; ++i) m = std::max(m, gap[i]);
  if (!(m > 0)) return fallback;
  double sz = 0, sw = 0;
  for (std::size_t i = a; i <= b; ++i)
    if (gap[i] >= 0.9 * m) sz += z[i] * gap[i], sw += gap[i];
  return nearest_index(z, sz / sw);
}

/// Gap between the concave envelope over [a, b] and the profile, per sample (0 outside).
std::vector<double> envelope_gap(const std::vector<double>& z, const std::vector<double>& w, std::size_t a, std::size_t b) {
  std::vector<double> gap(w.size(), 0.0);
  const auto h = upper_hull(z, w, a, b);
  for (std::size_t k = 0; k + 1 < h.size(); ++k)
    for (std::size_t i = h[k]; i <= h[k + 1]; ++i) {
      const double t = z[h[k + 1]] > z[h[k]] ? (z[i] - z[h[k]]) / (z[h[k + 1]] - z[h[k]]) : 0.0;
      gap[i] = std::max(0.0, w[h[k]] + t * (w[h[k + 1]] - w[h[k]]) - w[i]);
    }
  return gap;
}

std::string mm2(double v) {
  std::ostringstream s;
  s.precision(6);
  s << v << " mm";
  return s.str();
}

}  // namespace

void validate_landmark_overrides(const LandmarkOverrides& ov, const Silhouette& sil, double height_mm,
                                 const std::string& where) {
  if (sil.z.empty()) throw InvalidInput(where + "(landmarks): the silhouette is empty");
  struct Given {
    const char* name;
    std::optional<double> v;
  };
  // Top to bottom: waist > iliac > dip > trochanter > thigh.
  const Given order[] = {{"waist_z_mm", ov.waist_z_mm},
                         {"iliac_z_mm", ov.iliac_z_mm},
                         {"dip_z_mm", ov.dip_z_mm},
                         {"trochanter_z_mm", ov.trochanter_z_mm},
                         {"thigh_z_mm", ov.thigh_z_mm}};
  const double lo = sil.z.front(), hi = sil.z.back();
  for (const Given& g : order) {
    if (!g.v) continue;
    const double v = *g.v;
    const std::string field = where + g.name;
    if (!std::isfinite(v)) throw InvalidInput(field + ": must be a finite number of mm");
    if (v < 0 || !(v <= height_mm))
      throw InvalidInput(field + " = " + mm2(v) + " lies outside the scan's height, 0 to " + mm2(height_mm) +
                         " above the lowest point");
    if (v < lo || v > hi)
      throw InvalidInput(field + " = " + mm2(v) + " lies outside the silhouette window, " + mm2(lo) + " to " +
                         mm2(hi) + " above the lowest point (crotch at " + mm2(sil.crotch_z) + ")");
    if (std::string(g.name) != "thigh_z_mm" && !(v > sil.crotch_z))
      throw InvalidInput(field + " = " + mm2(v) + " must lie above the crotch (" + mm2(sil.crotch_z) + ")");
  }
  for (std::size_t a = 0; a < 5; ++a)
    for (std::size_t b = a + 1; b < 5; ++b)
      if (order[a].v && order[b].v && !(*order[a].v > *order[b].v))
        throw InvalidInput(where + order[a].name + " = " + mm2(*order[a].v) + " must lie above " + where +
                           order[b].name + " = " + mm2(*order[b].v) +
                           " (order: waist > iliac > dip > trochanter > thigh)");
}

SideLandmarks find_landmarks(const Silhouette& sil, Side side, const LandmarkOptions& opt,
                             const LandmarkOverrides& ov) {
  SideLandmarks out;
  const std::size_t n = sil.z.size();
  if (n < 10) throw InvalidInput("silhouette has too few heights to find landmarks");
  const double step = sil.z[1] - sil.z[0];
  std::vector<double> raw(n);
  for (std::size_t i = 0; i < n; ++i) raw[i] = sil.width(side, i);
  const std::vector<double> w = smooth_samples(raw, opt.smoothing_mm / step);
  validate_landmark_overrides(ov, sil, std::numeric_limits<double>::infinity(), "landmarks: ");

  // Thigh end and waist.
  const double crotch = sil.crotch_z;
  std::size_t i_thigh = nearest_index(sil.z, ov.thigh_z_mm.value_or(crotch - opt.thigh_below_crotch_mm));
  std::size_t i_waist = n - 1;
  if (ov.waist_z_mm) {
    i_waist = nearest_index(sil.z, *ov.waist_z_mm);
  } else {
    // The narrowest torso above the hips. A natural waist is a broad minimum: take the middle
    // of the heights within waist_plateau_mm of the narrowest, not the arg-min at one end.
    // Where the scan goes on above the window (the window stopped where the arms join the
    // torso, or at its length limit), the top of the window is near the armpit: the waist lies
    // below the under-bust, waist_max_fraction of the way from the crotch to there.
    const std::size_t from = nearest_index(sil.z, crotch + opt.waist_min_above_crotch_mm);
    std::size_t to = n - 1;
    if (sil.scan_top_z - sil.z[n - 1] > opt.scan_top_margin_mm)
      to = std::max(from, nearest_index(sil.z, crotch + opt.waist_max_fraction * (sil.z[n - 1] - crotch)));
    std::size_t i_min = to;
    for (std::size_t i = from; i <= to; ++i)
      if (w[i] < w[i_min]) i_min = i;
    std::size_t lo = i_min, hi = i_min;
    while (lo > from && w[lo - 1] <= w[i_min] + opt.waist_plateau_mm) --lo;
    while (hi < to && w[hi + 1] <= w[i_min] + opt.waist_plateau_mm) ++hi;
    i_waist = (lo + hi) / 2;
    // Only a scan that really ends there may end below the natural waist; a window that ends at
    // the armpit or its length limit with the torso still narrowing says nothing about the scan.
    if (hi == n - 1 && sil.scan_top_z - sil.z[n - 1] <= opt.scan_top_margin_mm)
      out.notes.push_back("waist at the top of the scan: the scan may end below the natural waist");
  }
  if (i_waist <= i_thigh + 4) throw InvalidInput("the waist-to-thigh window is too short to find the hip landmarks");

  std::size_t i_troch = 0, i_iliac = 0, i_dip = 0;
  double depth = 0;
  if (ov.iliac_z_mm && ov.trochanter_z_mm) {
    i_troch = nearest_index(sil.z, *ov.trochanter_z_mm);
    i_iliac = nearest_index(sil.z, *ov.iliac_z_mm);
    if (i_iliac <= i_troch + 1) throw InvalidInput("landmarks: iliac_z_mm must lie above trochanter_z_mm");
    std::tie(i_dip, depth) = deepest(sil.z, w, i_troch, i_iliac);
    out.notes.push_back("dip window from the given landmarks");
  } else {
    // The bridges of the concave envelope over [thigh, waist]; the dip is the one with the most
    // area whose two ends are interior (prominences above and below) and anatomically placed:
    // the lower end (trochanter) above the crotch and below the middle of the crotch-waist span,
    // the upper end (iliac crest) in its upper half.
    const double span = sil.z[i_waist] - crotch;
    const double troch_lo = crotch + opt.trochanter_band[0] * span, troch_hi = crotch + opt.trochanter_band[1] * span;
    const double iliac_lo = crotch + opt.iliac_band[0] * span, iliac_hi = crotch + opt.iliac_band[1] * span;
    const auto h = upper_hull(sil.z, w, i_thigh, i_waist);
    double best_area = 0;
    for (std::size_t k = 0; k + 1 < h.size(); ++k) {
      const std::size_t i0 = h[k], i1 = h[k + 1];
      if (i0 == i_thigh || i1 == i_waist || i1 <= i0 + 1) continue;
      if (sil.z[i0] < troch_lo || sil.z[i0] > troch_hi || sil.z[i1] < iliac_lo || sil.z[i1] > iliac_hi) continue;
      double area = 0, d = 0;
      std::size_t di = i0;
      for (std::size_t i = i0; i <= i1; ++i) {
        const double t = (sil.z[i] - sil.z[i0]) / (sil.z[i1] - sil.z[i0]);
        const double gap = w[i0] + t * (w[i1] - w[i0]) - w[i];
        area += gap * step;
        if (gap > d) d = gap, di = i;
      }
      if (d >= opt.min_dip_depth_mm && area > best_area) {
        best_area = area;
        i_troch = i0;
        i_iliac = i1;
        i_dip = dip_index(sil.z, envelope_gap(sil.z, w, i0, i1), i0, i1, di);
        depth = d;
      }
    }
    if (best_area <= 0) {
      // No prominences found where the anatomy puts them: take the levels from body proportions
      // (ANSUR II women: trochanter and iliac crest at about 0.30 and 0.83 of the crotch-waist
      // span) and look for a depression between them.
      out.estimated = true;
      i_troch = nearest_index(sil.z, crotch + opt.trochanter_fraction * span);
      i_iliac = nearest_index(sil.z, crotch + opt.iliac_fraction * span);
      if (i_iliac <= i_troch + 2) i_iliac = std::min(i_waist, i_troch + 3);
      // Only a depression between two prominences inside the estimated window is a dip: a bridge
      // of the envelope that touches a window end is the waist's inward curve or a crease above
      // the crest (under a fat roll), never filled.
      depth = 0;
      i_dip = (i_troch + i_iliac) / 2;
      const auto hull = upper_hull(sil.z, w, i_troch, i_iliac);
      for (std::size_t k = 0; k + 1 < hull.size(); ++k) {
        const std::size_t i0 = hull[k], i1 = hull[k + 1];
        if (i0 == i_troch || i1 == i_iliac || i1 <= i0 + 1) continue;
        const auto [di, d] = deepest(sil.z, w, i0, i1);
        if (d > depth) depth = d, i_dip = di;
      }
      out.notes.push_back("hip prominences not found on the silhouette: iliac crest and trochanter levels "
                          "estimated from body proportions");
      if (depth < opt.min_dip_depth_mm) {
        i_dip = (i_troch + i_iliac) / 2;
        out.notes.push_back("no depression between two hip prominences deeper than " + mm(opt.min_dip_depth_mm) +
                            " on this side");
      }
    }
    if (ov.trochanter_z_mm) i_troch = nearest_index(sil.z, *ov.trochanter_z_mm);
    if (ov.iliac_z_mm) i_iliac = nearest_index(sil.z, *ov.iliac_z_mm);
    // One end given: the window changed, so its deepest point is looked for again.
    if ((ov.trochanter_z_mm || ov.iliac_z_mm) && i_iliac > i_troch + 1)
      std::tie(i_dip, depth) = deepest(sil.z, w, i_troch, i_iliac);
  }
  if (ov.dip_z_mm) {
    i_dip = nearest_index(sil.z, *ov.dip_z_mm);
    out.notes.push_back("dip level given");
  }
  // Heights that are ordered can still share a silhouette sample (or an automatic level can sit
  // on the wrong side of a given one): every later stage indexes [trochanter, iliac] around the
  // dip, so the order is a hard precondition, not a hope.
  if (ov.dip_z_mm && !(i_troch < i_dip && i_dip < i_iliac))
    throw InvalidInput("dip_z_mm = " + mm(*ov.dip_z_mm) + " lies outside the dip window, trochanter " +
                       mm(sil.z[std::min(i_troch, n - 1)]) + " to iliac crest " + mm(sil.z[std::min(i_iliac, n - 1)]) +
                       " (give trochanter_z_mm and iliac_z_mm too to move the window)");
  if (!(i_thigh <= i_troch && i_troch < i_dip && i_dip < i_iliac && i_iliac <= i_waist && i_waist < n))
    throw InvalidInput("landmarks: the levels do not leave room for a dip window: thigh " + mm(sil.z[std::min(i_thigh, n - 1)]) +
                       ", trochanter " + mm(sil.z[std::min(i_troch, n - 1)]) + ", dip " + mm(sil.z[std::min(i_dip, n - 1)]) +
                       ", iliac " + mm(sil.z[std::min(i_iliac, n - 1)]) + ", waist " + mm(sil.z[std::min(i_waist, n - 1)]) +
                       " (each must lie at least one silhouette step above the one before)");
  out.has_dip = depth >= opt.min_dip_depth_mm;
  out.dip_depth_mm = out.has_dip ? depth : 0.0;
  out.z.waist_z_mm = sil.z[i_waist];
  out.z.iliac_z_mm = sil.z[i_iliac];
  out.z.dip_z_mm = sil.z[i_dip];
  out.z.trochanter_z_mm = sil.z[i_troch];
  out.z.thigh_z_mm = sil.z[i_thigh];
  return out;
}

std::vector<std::string> side_agreement_notes(const SideLandmarks& left, const SideLandmarks& right,
                                              const LandmarkOptions& opt) {
  std::vector<std::string> notes;
  auto check = [&](const char* what, double l, double r) {
    if (std::abs(l - r) > opt.max_side_difference_mm)
      notes.push_back(std::string(what) + " levels differ between the sides by " + mm(std::abs(l - r)) + " (left " +
                      mm(l) + ", right " + mm(r) + "; more than " + mm(opt.max_side_difference_mm) +
                      "): check that the scan is level and the landmarks, unless the body is this asymmetric");
  };
  check("iliac crest", left.z.iliac_z_mm, right.z.iliac_z_mm);
  check("trochanter", left.z.trochanter_z_mm, right.z.trochanter_z_mm);
  return notes;
}

}  // namespace contour
