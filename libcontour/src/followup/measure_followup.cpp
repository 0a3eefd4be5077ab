// Volume gained between the pre-operative and the follow-up scan over each treated hip.
#include "contour/followup/measure_followup.hpp"

#include "contour/core/errors.hpp"
#include "core/format_text.hpp"
#include "contour/silhouette/extract_silhouette.hpp"
#include "followup/register_detail.hpp"

#include <Eigen/Eigenvalues>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>
#include <sstream>

namespace contour {
namespace {

void check(bool ok, const char* field, double value, const char* range) {
  if (ok) return;
  std::ostringstream m;
  m << "follow-up options: " << field << " must be " << range << ", got " << value;
  throw InvalidInput(m.str());
}

using detail::fixed;

/// Vertex neighbours (each edge once per direction).
std::vector<std::vector<int>> neighbours(const Mesh& m) {
  std::vector<std::vector<int>> nb(static_cast<std::size_t>(m.num_vertices()));
  for (Eigen::Index f = 0; f < m.num_faces(); ++f)
    for (int k = 0; k < 3; ++k) {
      const int a = m.F(f, k), b = m.F(f, (k + 1) % 3);
      nb[static_cast<std::size_t>(a)].push_back(b);
      nb[static_cast<std::size_t>(b)].push_back(a);
    }
  for (auto& n : nb) {
    std::sort(n.begin(), n.end());
    n.erase(std::unique(n.begin(), n.end()), n.end());
  }
  return nb;
}

/// Grows labelled vertices (label != 0) over the mesh's edges to every vertex within `radius`
/// (straight-line distance to the seed it was reached from); a vertex keeps the first label
/// that reaches it.
std::vector<char> dilate(const Mesh& m, const std::vector<std::vector<int>>& nb, const std::vector<char>& label,
                         double radius) {
  std::vector<char> out = label;
  std::vector<int> seed(label.size(), -1);
  std::queue<int> q;
  for (std::size_t v = 0; v < label.size(); ++v)
    if (label[v] != 0) seed[v] = static_cast<int>(v), q.push(static_cast<int>(v));
  while (!q.empty()) {
    const int v = q.front();
    q.pop();
    const Eigen::Vector3d s = m.V.row(seed[static_cast<std::size_t>(v)]);
    for (int w : nb[static_cast<std::size_t>(v)]) {
      if (seed[static_cast<std::size_t>(w)] >= 0) continue;
      if ((m.V.row(w).transpose() - s).norm() > radius) continue;
      seed[static_cast<std::size_t>(w)] = seed[static_cast<std::size_t>(v)];
      out[static_cast<std::size_t>(w)] = out[static_cast<std::size_t>(v)];
      q.push(w);
    }
  }
  return out;
}

/// Vertices of the connected piece with the largest area (arms and strays are other pieces).
std::vector<char> largest_piece(const Mesh& m, const std::vector<std::vector<int>>& nb, const std::vector<double>& area) {
  const std::size_t n = nb.size();
  std::vector<int> comp(n, -1);
  std::vector<double> comp_area;
  for (std::size_t v = 0; v < n; ++v) {
    if (comp[v] >= 0) continue;
    const int c = static_cast<int>(comp_area.size());
    comp_area.push_back(0);
    std::vector<int> stack{static_cast<int>(v)};
    comp[v] = c;
    while (!stack.empty()) {
      const int a = stack.back();
      stack.pop_back();
      comp_area[static_cast<std::size_t>(c)] += area[static_cast<std::size_t>(a)];
      for (int b : nb[static_cast<std::size_t>(a)])
        if (comp[static_cast<std::size_t>(b)] < 0) comp[static_cast<std::size_t>(b)] = c, stack.push_back(b);
    }
  }
  const int best = static_cast<int>(std::max_element(comp_area.begin(), comp_area.end()) - comp_area.begin());
  std::vector<char> out(n, 0);
  for (std::size_t v = 0; v < n; ++v) out[v] = comp[v] == best;
  (void)m;
  return out;
}

/// Area-weighted mean (x, y) of the vertices of `mesh` between two heights.
Eigen::Vector2d band_centre(const Mesh& mesh, double z_lo, double z_hi) {
  const std::vector<double> area = detail::vertex_areas(mesh);
  Eigen::Vector2d sum = Eigen::Vector2d::Zero();
  double w = 0;
  for (Eigen::Index v = 0; v < mesh.num_vertices(); ++v) {
    const double z = mesh.V(v, 2);
    if (z < z_lo || z > z_hi) continue;
    sum += area[static_cast<std::size_t>(v)] * mesh.V.row(v).head<2>().transpose();
    w += area[static_cast<std::size_t>(v)];
  }
  return w > 0 ? Eigen::Vector2d(sum / w) : Eigen::Vector2d::Zero();
}

struct Rays {
  std::vector<int> vertex;             // measured vertices
  std::vector<Eigen::Vector3d> dir;    // unit, pre frame
  std::vector<double> area;            // mm^2
  std::vector<char> side;              // 1 left, 2 right
};

struct Gains {
  std::array<double, 2> prism{0, 0}, section{0, 0};
  std::vector<RegionVolume> regions;
  std::array<double, 2> missing_area{0, 0};
  std::vector<double> t;  // per ray, NaN = missed
};

Gains measure(const TargetSurface& base, const std::vector<RegionSpec>& specs, const Rays& rays,
              const detail::SurfaceQueries& post, const RigidMotion& T, double reach, bool with_sections) {
  Gains g;
  g.t.assign(rays.vertex.size(), std::numeric_limits<double>::quiet_NaN());
  tbb::parallel_for(std::size_t{0}, rays.vertex.size(), [&](std::size_t i) {
    const Eigen::Vector3d p = base.before.V.row(rays.vertex[i]);
    const auto t = post.nearest_crossing(T.apply(p), T.rotation * rays.dir[i], reach);
    if (t) g.t[i] = *t;
  });
  TargetSurface reached;
  reached.before = base.before;
  reached.fairing = base.fairing;
  reached.displacement = Vertices::Zero(base.before.num_vertices(), 3);
  reached.fill_mm.assign(static_cast<std::size_t>(base.before.num_vertices()), 0.0);
  reached.side_of_vertex.assign(static_cast<std::size_t>(base.before.num_vertices()), 0);
  for (std::size_t i = 0; i < rays.vertex.size(); ++i) {
    const int v = rays.vertex[i];
    reached.side_of_vertex[static_cast<std::size_t>(v)] = rays.side[i];
    if (std::isnan(g.t[i])) {
      g.missing_area[static_cast<std::size_t>(rays.side[i] - 1)] += rays.area[i];
      continue;
    }
    reached.displacement.row(v) = g.t[i] * rays.dir[i].transpose();
    reached.fill_mm[static_cast<std::size_t>(v)] = g.t[i];
  }
  FillVolumeOptions fo;
  if (!with_sections) fo.section_spacing_mm = 1e9;  // one slice: method B is not wanted here
  g.regions = fill_volumes(reached, specs, 1.0, fo);
  for (const RegionVolume& r : g.regions) {
    const std::size_t s = r.region.side == Side::Left ? 0 : 1;
    g.prism[s] += r.prism_ml;
    g.section[s] += r.section_ml;
  }
  return g;
}

constexpr std::size_t kDonorCount = 5;
const char* const kDonorNames[kDonorCount] = {"abdomen", "flank_left", "flank_right", "inner_thigh_left",
                                              "inner_thigh_right"};

struct DonorChanges {
  std::array<double, kDonorCount> change_mm3{}, area{}, missing{};
};

/// Thin-shell volume change over each donor site: each labelled vertex's area times the signed
/// distance to the follow-up skin along its normal (outward +). Liposuction changes of a few
/// mm to 2 cm over curvature radii of 10 cm or more make the shell's curvature error a few %.
DonorChanges measure_donors(const Mesh& mesh, const Vertices& normal, const std::vector<double>& area,
                            const std::vector<char>& donor, const detail::SurfaceQueries& post, const RigidMotion& T,
                            double reach) {
  const std::size_t nv = donor.size();
  std::vector<double> t(nv, std::numeric_limits<double>::quiet_NaN());
  tbb::parallel_for(std::size_t{0}, nv, [&](std::size_t v) {
    if (!donor[v]) return;
    const Eigen::Vector3d p = mesh.V.row(static_cast<Eigen::Index>(v));
    const Eigen::Vector3d n = normal.row(static_cast<Eigen::Index>(v));
    if (const auto hit = post.nearest_crossing(T.apply(p), T.rotation * n, reach)) t[v] = *hit;
  });
  DonorChanges c;
  for (std::size_t v = 0; v < nv; ++v) {
    if (!donor[v]) continue;
    const std::size_t d = static_cast<std::size_t>(donor[v] - 1);
    c.area[d] += area[v];
    if (std::isnan(t[v])) c.missing[d] += area[v];
    else c.change_mm3[d] += area[v] * t[v];
  }
  return c;
}

}  // namespace

void validate(const FollowupOptions& o) {
  validate(o.registration);
  check(o.treated_margin_mm >= 0 && o.treated_margin_mm <= 200, "treated_margin_mm", o.treated_margin_mm, "in [0, 200]");
  check(o.measure_margin_mm >= 0 && o.measure_margin_mm <= 100, "measure_margin_mm", o.measure_margin_mm, "in [0, 100]");
  check(o.reach_mm >= 5 && o.reach_mm <= 200, "reach_mm", o.reach_mm, "in [5, 200]");
  check(o.rms_warning_mm > 0 && std::isfinite(o.rms_warning_mm), "rms_warning_mm", o.rms_warning_mm, "finite and > 0");
  check(o.rms_refuse_mm > o.rms_warning_mm && std::isfinite(o.rms_refuse_mm), "rms_refuse_mm", o.rms_refuse_mm,
        "finite and > rms_warning_mm");
  check(o.min_residual_mm >= 0 && o.min_residual_mm <= 10, "min_residual_mm", o.min_residual_mm, "in [0, 10]");
  check(o.min_overlap >= 0 && o.min_overlap <= 1, "min_overlap", o.min_overlap, "in [0, 1]");
  check(o.height_warning_fraction > 0 && o.height_warning_fraction <= 1, "height_warning_fraction",
        o.height_warning_fraction, "in (0, 1]");
  check(o.missing_warning_fraction >= 0 && o.missing_warning_fraction <= 1, "missing_warning_fraction",
        o.missing_warning_fraction, "in [0, 1]");
  if (o.months_after_surgery)
    check(*o.months_after_surgery > 0 && std::isfinite(*o.months_after_surgery), "months_after_surgery",
          *o.months_after_surgery, "finite and > 0");
}

FollowupResult measure_followup(const PlanResult& pre, const ImportedScan& post, const std::array<double, 2>& injected,
                                const FollowupOptions& o) {
  validate(o);
  for (int s = 0; s < 2; ++s)
    if (!(injected[static_cast<std::size_t>(s)] >= 0) || !std::isfinite(injected[static_cast<std::size_t>(s)])) {
      std::ostringstream m;
      m << "injected " << (s == 0 ? "left" : "right") << " volume must be finite and >= 0 mL, got "
        << injected[static_cast<std::size_t>(s)];
      throw InvalidInput(m.str());
    }
  const TargetSurface& surf = pre.geometry.surface;
  const Mesh& mesh = surf.before;
  const std::size_t nv = static_cast<std::size_t>(mesh.num_vertices());
  const auto nb = neighbours(mesh);
  const std::vector<double> area = detail::vertex_areas(mesh);
  const Vertices normal = detail::vertex_normals(mesh);

  FollowupResult out;
  out.months_after_surgery = o.months_after_surgery;
  out.pre_height_mm = pre.scan.info.height_mm;
  out.post_height_mm = post.info.height_mm;

  // --- The parts that did not change: the body piece without the treated hips (widened by
  // treated_margin_mm), the lateral skin over the whole hip band, and the donor sites (abdomen,
  // flanks, inner thighs; docs/followup.md). Arms are separate pieces or trimmed as outliers.
  std::vector<char> treated(nv, 0);
  for (std::size_t v = 0; v < nv; ++v) treated[v] = surf.side_of_vertex[v] != 0 ? 1 : 0;
  treated = dilate(mesh, nb, treated, o.treated_margin_mm);
  std::vector<char> use = largest_piece(mesh, nb, area);
  const double crotch = pre.scan.info.crotch_z_mm;
  double band_lo = std::numeric_limits<double>::infinity(), band_hi = -band_lo, waist = crotch;
  for (const SideGeometry& sg : pre.geometry.sides) {
    band_lo = std::min(band_lo, sg.landmarks.z.thigh_z_mm);
    band_hi = std::max(band_hi, sg.landmarks.z.waist_z_mm);
    waist = std::max(waist, sg.landmarks.z.waist_z_mm);
  }
  const double centre_x = band_centre(mesh, crotch, waist).x();
  double iliac = crotch;
  for (const SideGeometry& sg : pre.geometry.sides) iliac = std::max(iliac, sg.landmarks.z.iliac_z_mm);
  // Donor sites, labelled for the volume they lost (index into kDonorNames + 1; 0 = none).
  std::vector<char> donor(nv, 0);
  for (std::size_t v = 0; v < nv; ++v) {
    if (!use[v]) continue;
    const Eigen::Vector3d p = mesh.V.row(static_cast<Eigen::Index>(v));
    const Eigen::Vector3d n = normal.row(static_cast<Eigen::Index>(v));
    const bool lateral_hip = p.z() >= band_lo - 30 && p.z() <= band_hi + 30 && std::abs(n.x()) > 0.5;
    const bool abdomen = p.z() >= crotch && p.z() <= waist + 80 && n.y() > 0.3;
    const bool flank = p.z() >= crotch && p.z() <= waist + 100 && std::abs(n.x()) > 0.3;
    const bool inner_thigh = p.z() < crotch && p.z() > crotch - 300 && (p.x() - centre_x) * n.x() < -0.3 * std::abs(p.x() - centre_x);
    if (treated[v] || lateral_hip || abdomen || flank || inner_thigh) use[v] = 0;
    if (treated[v]) continue;
    const bool left = p.x() < centre_x;
    if (abdomen) donor[v] = 1;
    else if (flank && p.z() >= iliac - 20) donor[v] = left ? 2 : 3;
    else if (inner_thigh) donor[v] = left ? 4 : 5;
  }

  // --- Coarse start from the two canonical frames: the crotch heights and the pelvis centres
  // agree (the fill moves the pelvis's centre by a few mm at most), then ICP.
  const Eigen::Vector2d c_pre = band_centre(mesh, crotch + 50, crotch + 250);
  const Eigen::Vector2d c_post = band_centre(post.mesh, post.info.crotch_z_mm + 50, post.info.crotch_z_mm + 250);
  RigidMotion start;
  start.translation = Eigen::Vector3d(c_post.x() - c_pre.x(), c_post.y() - c_pre.y(), post.info.crotch_z_mm - crotch);
  const detail::SurfaceQueries tree(post.mesh);
  Registration& reg = out.registration;
  reg = detail::register_on(mesh, use, tree, start, o.registration);

  if (reg.overlap < o.min_overlap || reg.rms_mm > o.rms_refuse_mm) {
    std::ostringstream m;
    m << "the follow-up scan does not match the pre-operative one: after registration "
      << fixed(100 * reg.overlap, 0) << " % of the unchanged parts found the other surface (at least "
      << fixed(100 * o.min_overlap, 0) << " % needed) with an RMS residual of " << fixed(reg.rms_mm, 1)
      << " mm (at most " << fixed(o.rms_refuse_mm, 1) << " mm): a different person, or a very different posture";
    throw InvalidInput(m.str());
  }
  if (reg.rms_mm > o.rms_warning_mm)
    out.warnings.push_back("registration residual " + fixed(reg.rms_mm, 1) + " mm on the unchanged parts (warning above " +
                           fixed(o.rms_warning_mm, 1) +
                           " mm): posture, weight or swelling changed; the gains are less certain than stated");
  if (!reg.converged)
    out.warnings.push_back("registration did not converge in " + std::to_string(reg.iterations) + " iterations");
  if (out.pre_height_mm > 0 &&
      std::abs(out.post_height_mm - out.pre_height_mm) > o.height_warning_fraction * out.pre_height_mm)
    out.warnings.push_back("the scans' heights differ by " + fixed(std::abs(out.post_height_mm - out.pre_height_mm), 0) +
                           " mm (" + fixed(out.pre_height_mm, 0) + " vs " + fixed(out.post_height_mm, 0) +
                           " mm): another person, or cropped differently");
  if (o.months_after_surgery && *o.months_after_surgery < 3)
    out.warnings.push_back("follow-up " + fixed(*o.months_after_surgery, 1) +
                           " months after surgery: swelling and graft still being resorbed; retention is usually "
                           "judged at 6-12 months");

  // --- Measuring rays: the planned fill region widened by measure_margin_mm, each along the
  // direction the plan moves the skin (horizontal, from the side's fairing axis).
  std::vector<char> measured(nv, 0);
  for (std::size_t v = 0; v < nv; ++v) measured[v] = surf.side_of_vertex[v];
  measured = dilate(mesh, nb, measured, o.measure_margin_mm);
  Rays rays;
  for (std::size_t v = 0; v < nv; ++v) {
    if (!measured[v]) continue;
    const int s = measured[v] - 1;
    const HipFairing& g = surf.fairing[static_cast<std::size_t>(s)];
    const Eigen::Vector3d p = mesh.V.row(static_cast<Eigen::Index>(v));
    Eigen::Vector3d u;
    if (g.valid) {
      const Eigen::Vector2d d = g.direction(g.polar(p.head<2>()).x());
      u = Eigen::Vector3d(d.x(), d.y(), 0);
    } else {
      u = normal.row(static_cast<Eigen::Index>(v));
    }
    if (!(u.norm() > 0.5)) continue;
    rays.vertex.push_back(static_cast<int>(v));
    rays.dir.push_back(u.normalized());
    rays.area.push_back(area[v]);
    rays.side.push_back(static_cast<char>(s + 1));
  }
  // The regions as planned, the lowest and highest of each side stretched to cover the margin
  // (fill_volumes counts a face by its centroid's height; graft that spread above or below the
  // planned fill would otherwise be left out).
  std::vector<RegionSpec> specs;
  for (const RegionVolume& r : pre.geometry.regions) specs.push_back(r.region);
  for (const Side side : {Side::Left, Side::Right}) {
    RegionSpec* lowest = nullptr;
    RegionSpec* highest = nullptr;
    for (RegionSpec& r : specs) {
      if (r.side != side) continue;
      if (!lowest || r.z_lo_mm < lowest->z_lo_mm) lowest = &r;
      if (!highest || r.z_hi_mm > highest->z_hi_mm) highest = &r;
    }
    if (lowest) lowest->z_lo_mm -= o.measure_margin_mm + 5.0;
    if (highest) highest->z_hi_mm += o.measure_margin_mm + 5.0;
  }
  const Gains g = measure(surf, specs, rays, tree, reg.pre_to_post, o.reach_mm, true);
  const DonorChanges dg = measure_donors(mesh, normal, area, donor, tree, reg.pre_to_post, o.reach_mm);

  // --- Uncertainty: the gain moved along each principal direction of the pose's covariance by
  // one standard deviation (both ways), plus the scan noise averaged over the measured area.
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix<double, 6, 6>> eig(reg.covariance);
  std::array<double, 2> var{0, 0};
  std::array<double, kDonorCount> donor_var{};
  for (int k = 0; k < 6; ++k) {
    const double lambda = std::max(0.0, eig.eigenvalues()(k));
    if (lambda <= 0) continue;
    const Eigen::Matrix<double, 6, 1> step = std::sqrt(lambda) * eig.eigenvectors().col(k);
    const RigidMotion plus = reg.pre_to_post.perturbed(step.head<3>(), step.tail<3>(), reg.covariance_centre);
    const RigidMotion minus = reg.pre_to_post.perturbed(-step.head<3>(), -step.tail<3>(), reg.covariance_centre);
    const Gains gp = measure(surf, specs, rays, tree, plus, o.reach_mm, false);
    const Gains gm = measure(surf, specs, rays, tree, minus, o.reach_mm, false);
    for (int s = 0; s < 2; ++s) {
      const double d = 0.5 * (gp.prism[static_cast<std::size_t>(s)] - gm.prism[static_cast<std::size_t>(s)]);
      var[static_cast<std::size_t>(s)] += d * d;
    }
    const DonorChanges dp = measure_donors(mesh, normal, area, donor, tree, plus, o.reach_mm);
    const DonorChanges dm = measure_donors(mesh, normal, area, donor, tree, minus, o.reach_mm);
    for (std::size_t d = 0; d < kDonorCount; ++d) {
      const double h = 0.5 * (dp.change_mm3[d] - dm.change_mm3[d]) / 1000.0;
      donor_var[d] += h * h;
    }
  }
  const double c = o.registration.residual_correlation_mm;
  for (int s = 0; s < 2; ++s) {
    SideFollowup& sf = out.sides[static_cast<std::size_t>(s)];
    sf.side = s == 0 ? Side::Left : Side::Right;
    sf.planned_fill_ml = pre.geometry.sides[static_cast<std::size_t>(s)].fill_ml;
    sf.injected_ml = injected[static_cast<std::size_t>(s)];
    sf.gained_ml = g.prism[static_cast<std::size_t>(s)];
    sf.gained_section_ml = g.section[static_cast<std::size_t>(s)];
    for (std::size_t i = 0; i < rays.vertex.size(); ++i)
      if (rays.side[i] == s + 1) sf.measured_area_mm2 += rays.area[i];
    sf.missing_area_mm2 = g.missing_area[static_cast<std::size_t>(s)];
    // Noise: one independent error of the residual's size per disc of the correlation length.
    const double noise_ml = std::max(reg.rms_mm, o.min_residual_mm) * c * std::sqrt(3.14159265358979 * sf.measured_area_mm2) / 1000.0;
    sf.gained_sd_ml = std::sqrt(var[static_cast<std::size_t>(s)] + noise_ml * noise_ml);
    sf.has_retention = sf.injected_ml > 0;
    if (sf.has_retention) {
      sf.retention = sf.gained_ml / sf.injected_ml;
      sf.retention_sd = sf.gained_sd_ml / sf.injected_ml;
      sf.retention_low = sf.retention - 1.645 * sf.retention_sd;
      sf.retention_high = sf.retention + 1.645 * sf.retention_sd;
      if (sf.retention > 1.2 || sf.retention < -0.1)
        out.warnings.push_back(std::string(side_name(sf.side)) + " hip: measured gain " + fixed(sf.gained_ml, 0) +
                               " mL against " + fixed(sf.injected_ml, 0) +
                               " mL injected is outside what fat grafting retains: check the injected volume, the "
                               "weight change and the scans");
    }
    if (sf.measured_area_mm2 > 0 && sf.missing_area_mm2 > o.missing_warning_fraction * sf.measured_area_mm2)
      out.warnings.push_back(std::string(side_name(sf.side)) + " hip: the follow-up scan has no skin over " +
                             fixed(100 * sf.missing_area_mm2 / sf.measured_area_mm2, 0) +
                             " % of the measured region (a hole or a crop): the gain there counts as 0");
  }
  for (std::size_t d = 0; d < kDonorCount; ++d) {
    if (!(dg.area[d] > 0)) continue;
    DonorFollowup df;
    df.name = kDonorNames[d];
    df.change_ml = dg.change_mm3[d] / 1000.0;
    df.area_mm2 = dg.area[d];
    df.missing_area_mm2 = dg.missing[d];
    const double noise_ml = std::max(reg.rms_mm, o.min_residual_mm) * c * std::sqrt(3.14159265358979 * df.area_mm2) / 1000.0;
    df.change_sd_ml = std::sqrt(donor_var[d] + noise_ml * noise_ml);
    out.donors.push_back(df);
  }
  for (std::size_t r = 0; r < g.regions.size(); ++r) {
    RegionFollowup rf;
    rf.name = g.regions[r].region.name;
    rf.side = g.regions[r].region.side;
    rf.planned_fill_ml = r < pre.geometry.regions.size() ? pre.geometry.regions[r].prism_ml : 0.0;
    rf.gained_ml = g.regions[r].prism_ml;
    rf.gained_section_ml = g.regions[r].section_ml;
    out.regions.push_back(rf);
  }
  // The follow-up's silhouette in the pre-operative frame, at the plan's heights.
  {
    Mesh moved = post.mesh;
    const Eigen::Matrix3d Rt = reg.pre_to_post.rotation.transpose();
    for (Eigen::Index v = 0; v < moved.num_vertices(); ++v)
      moved.V.row(v) = (Rt * (moved.V.row(v).transpose() - reg.pre_to_post.translation)).transpose();
    const Silhouette& ps = pre.geometry.silhouette;
    const std::size_t n = ps.z.size();
    out.post_width_mm[0].assign(n, std::numeric_limits<double>::quiet_NaN());
    out.post_width_mm[1].assign(n, std::numeric_limits<double>::quiet_NaN());
    try {
      const Silhouette qs = extract_silhouette(moved, crotch);
      for (std::size_t i = 0; i < n; ++i) {
        // Linear interpolation between the follow-up's samples around the height.
        const auto it = std::lower_bound(qs.z.begin(), qs.z.end(), ps.z[i]);
        if (it == qs.z.end() || it == qs.z.begin()) continue;
        const std::size_t b = static_cast<std::size_t>(it - qs.z.begin()), a = b - 1;
        if (!qs.valid[a] || !qs.valid[b]) continue;
        const double t = (ps.z[i] - qs.z[a]) / std::max(1e-9, qs.z[b] - qs.z[a]);
        for (const Side side : {Side::Left, Side::Right})
          out.post_width_mm[side == Side::Left ? 0 : 1][i] =
              (1 - t) * qs.width(side, a) + t * qs.width(side, b);
      }
    } catch (const InvalidInput&) {
      out.warnings.push_back("the follow-up's silhouette could not be extracted in the hip window (a crop?)");
    }
  }
  out.difference_mm.assign(nv, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < rays.vertex.size(); ++i) out.difference_mm[static_cast<std::size_t>(rays.vertex[i])] = g.t[i];
  return out;
}

}  // namespace contour
