#include "contour/import/detect_frame.hpp"

#include "contour/core/errors.hpp"
#include "contour/import/body_profile.hpp"
#include "contour/section/slice_mesh.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

namespace contour {
namespace {

/// Rotation whose third row is `up` (so R * up = +z) with an arbitrary but fixed first row.
Eigen::Matrix3d basis_with_up(const Eigen::Vector3d& up) {
  Eigen::Vector3d helper = std::abs(up.x()) < 0.9 ? Eigen::Vector3d::UnitX() : Eigen::Vector3d::UnitY();
  const Eigen::Vector3d x = (helper - helper.dot(up) * up).normalized();
  const Eigen::Vector3d y = up.cross(x);
  Eigen::Matrix3d R;
  R.row(0) = x;
  R.row(1) = y;
  R.row(2) = up;
  return R;
}

/// Writes the body's vertices turned by R and scaled into `out` (one buffer reused for every
/// trial frame: a 1 M-triangle scan's vertices take ~13 MB).
const Vertices& transformed(const Mesh& m, const Eigen::Matrix3d& R, double scale, Vertices& out) {
  out.resize(m.V.rows(), 3);
  out.noalias() = m.V * (scale * R.transpose());
  return out;
}

SignedAxis nearest_axis(const Eigen::Vector3d& v) {
  int a = 0;
  v.cwiseAbs().maxCoeff(&a);
  return SignedAxis{a, v[a] >= 0 ? 1 : -1};
}

std::string fmt(double v, int prec = 1) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(prec);
  s << v;
  return s.str();
}

/// Largest loop of a slice, or nullptr.
const SectionLoop* largest(const CrossSection& s) {
  const SectionLoop* best = nullptr;
  for (const auto& l : s.loops)
    if (!best || std::abs(l.signed_area) > std::abs(best->signed_area)) best = &l;
  return best;
}

/// Area centroid of a loop (closed by its chord when open); the point mean if degenerate.
Eigen::Vector2d loop_centroid(const SectionLoop& l) {
  double a = 0;
  Eigen::Vector2d c = Eigen::Vector2d::Zero();
  const std::size_t n = l.points.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Eigen::Vector2d& p = l.points[i];
    const Eigen::Vector2d& q = l.points[(i + 1) % n];
    const double w = p.x() * q.y() - q.x() * p.y();
    a += w;
    c += w * (p + q);
  }
  if (std::abs(a) < 1e-12) return loop_point_mean(l);
  return c / (3.0 * a);
}

/// Loops of a slice, largest |area| first.
std::vector<const SectionLoop*> by_area(const CrossSection& s) {
  std::vector<const SectionLoop*> loops;
  for (const auto& l : s.loops) loops.push_back(&l);
  std::sort(loops.begin(), loops.end(), [](auto* a, auto* b) { return std::abs(a->signed_area) > std::abs(b->signed_area); });
  return loops;
}

/// Extent of a loop along direction `d` (unit, 2-D).
double extent_along(const SectionLoop& l, const Eigen::Vector2d& d) {
  double lo = 1e300, hi = -1e300;
  for (const auto& p : l.points) lo = std::min(lo, d.dot(p)), hi = std::max(hi, d.dot(p));
  return hi > lo ? hi - lo : 0.0;
}

/// Feet at the bottom of a body whose +z is up, whatever its yaw: just above the lowest point
/// the sections reach much further (the foot's length) than the ankle's width 7 % of the height
/// up. Used to tell a full-body scan from a crop before the front is known.
bool feet_at_bottom(const Vertices& v, const Faces& F) {
  const double zmin = v.col(2).minCoeff(), zmax = v.col(2).maxCoeff(), H = zmax - zmin;
  if (!(H > 0)) return false;
  SliceOptions so;
  so.join_gap = 0.006 * H;
  const auto s = slice_mesh(v, F, {zmin + 0.012 * H, zmin + 0.025 * H, zmin + 0.07 * H}, so);
  const auto ankles = by_area(s[2]);
  if (ankles.size() < 2 || std::abs(ankles[1]->signed_area) < 0.4 * std::abs(ankles[0]->signed_area)) return false;
  double foot = 0, ankle = 0;
  for (int k = 0; k < 8; ++k) {
    const Eigen::Vector2d d(std::cos(k * M_PI / 8), std::sin(k * M_PI / 8));
    ankle = std::max(ankle, 0.5 * (extent_along(*ankles[0], d) + extent_along(*ankles[1], d)));
    for (int lvl = 0; lvl < 2; ++lvl)
      for (const auto* l : by_area(s[static_cast<std::size_t>(lvl)]))
        if (std::abs(l->signed_area) > 0.05 * std::abs(ankles[0]->signed_area)) foot = std::max(foot, extent_along(*l, d));
  }
  return foot > 1.8 * ankle;
}

/// Axis of a roughly tubular part of the surface: the direction least aligned with its faces'
/// normals (smallest eigenvector of the area-weighted normal tensor), pointing to +z. Faces
/// whose centroid lies between heights `lo` and `hi` count. A bulge (buttock, belly) tilts its
/// lower and upper faces' normals in opposite senses, so unlike section centroids it does not
/// pull the axis to first order. Returns zero when the part is not tubular.
Eigen::Vector3d normal_tensor_axis(const Vertices& v, const Faces& F, double lo, double hi) {
  Eigen::Matrix3d T = Eigen::Matrix3d::Zero();
  for (Eigen::Index f = 0; f < F.rows(); ++f) {
    const Eigen::Vector3d a = v.row(F(f, 0)), b = v.row(F(f, 1)), c = v.row(F(f, 2));
    const double zc = (a.z() + b.z() + c.z()) / 3.0;
    if (zc < lo || zc > hi) continue;
    const Eigen::Vector3d n = (b - a).cross(c - a);
    const double twice_area = n.norm();
    if (!(twice_area > 0)) continue;
    T += n * n.transpose() / twice_area;  // area-weighted n n^T (up to a factor 2)
  }
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> es(T);
  const Eigen::Vector3d ev = es.eigenvalues();
  if (!(ev[1] > 0) || ev[0] > 0.5 * ev[1]) return Eigen::Vector3d::Zero();
  Eigen::Vector3d axis = es.eigenvectors().col(0);
  return axis.z() < 0 ? Eigen::Vector3d(-axis) : axis;
}

/// The long axis of a crop (no feet): the bisector of the thighs' axis and the torso's axis,
/// each from the normal tensor of its own part, away from the cut ends. On a crop a line through
/// the torso's centroids and the thighs' midpoints has a short lever arm, and the offset between
/// the two (the buttocks and belly shift the torso's centroid) reads as a lean of 4-14 degrees.
std::pair<Eigen::Vector3d, int> crop_long_axis(const Vertices& v, const Faces& F, const BodyProfile& prof) {
  const double c = prof.crotch_z;
  const Eigen::Vector3d legs = normal_tensor_axis(v, F, c - 0.8 * prof.legs_below, c - 0.25 * prof.legs_below);
  const Eigen::Vector3d torso = normal_tensor_axis(v, F, c + 0.05 * prof.torso_above, c + 0.6 * prof.torso_above);
  if (legs.isZero() || torso.isZero()) return {Eigen::Vector3d::UnitZ(), 0};
  return {(legs + torso).normalized(), 12};
}

/// The body's long axis in the frame of `v` (z = the trial up axis): a line fitted through the
/// torso's cross-section centroids above the crotch and the midpoints between the two legs
/// below it. Returns the axis direction (z component 1 before normalising) and the number of
/// levels used.
std::pair<Eigen::Vector3d, int> long_axis(const Vertices& v, const Faces& F, const BodyProfile& prof, double join_gap) {
  std::vector<double> zs;
  // Away from the ends, where a tilted crop's cut planes truncate the sections on one side.
  for (double t = 0.05; t <= 0.501; t += 0.025) zs.push_back(prof.crotch_z + t * prof.torso_above * 0.6);
  const auto n_torso = zs.size();
  for (double t = 0.15; t <= 0.651; t += 0.025) zs.push_back(prof.crotch_z - t * prof.legs_below);
  SliceOptions so;
  so.join_gap = join_gap;
  const auto sections = slice_mesh(v, F, zs, so);
  // Least squares x = x0 + bx z, y = y0 + by z.
  double sz = 0, szz = 0, sx = 0, sxz = 0, sy = 0, syz = 0;
  int n = 0;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const auto loops = by_area(sections[i]);
    Eigen::Vector2d c;
    if (i < n_torso) {
      if (loops.empty()) continue;
      c = loop_centroid(*loops[0]);
    } else {
      if (loops.size() < 2 || std::abs(loops[1]->signed_area) < 0.35 * std::abs(loops[0]->signed_area)) continue;
      c = 0.5 * (loop_centroid(*loops[0]) + loop_centroid(*loops[1]));
    }
    const double z = zs[i];
    sz += z, szz += z * z, sx += c.x(), sxz += c.x() * z, sy += c.y(), syz += c.y() * z;
    ++n;
  }
  if (n < 6) return {Eigen::Vector3d::UnitZ(), n};
  const double d = n * szz - sz * sz;
  if (!(d > 0)) return {Eigen::Vector3d::UnitZ(), n};
  const double bx = (n * sxz - sx * sz) / d, by = (n * syz - sy * sz) / d;
  return {Eigen::Vector3d(bx, by, 1.0).normalized(), n};
}


/// Depth of the notch at the middle of a section's front (+y) and back (-y) outline, mm: how far
/// the outline at the middle of its width lies inside the lesser of the two prominences beside it
/// (0 when the middle is the most prominent). The gluteal cleft notches the back between the
/// buttocks; the front of the pelvis (mons, lower abdomen) is one convex arc.
std::pair<double, double> midline_notches(const SectionLoop& l) {
  constexpr int kStations = 41;
  std::array<double, kStations> top, bot;
  top.fill(-1e300), bot.fill(1e300);
  const double x0 = l.min.x(), w = l.max.x() - l.min.x();
  const std::size_t n = l.points.size();
  if (!(w > 0) || n < 8) return {0.0, 0.0};
  for (std::size_t i = 0; i < n; ++i) {
    const Eigen::Vector2d& p = l.points[i];
    const Eigen::Vector2d& q = l.points[(i + 1) % n];
    if (!l.closed && i + 1 == n) break;
    const double a = (std::min(p.x(), q.x()) - x0) / w * kStations - 0.5, b = (std::max(p.x(), q.x()) - x0) / w * kStations - 0.5;
    for (int k = std::max(0, static_cast<int>(std::ceil(a))); k <= std::min(kStations - 1, static_cast<int>(std::floor(b))); ++k) {
      const double xk = x0 + w * (k + 0.5) / kStations;
      const double t = q.x() != p.x() ? (xk - p.x()) / (q.x() - p.x()) : 0.0;
      const double y = p.y() + t * (q.y() - p.y());
      top[k] = std::max(top[k], y), bot[k] = std::min(bot[k], y);
    }
  }
  auto range_max = [&](const std::array<double, kStations>& v, int a, int b) {
    double m = -1e300;
    for (int k = a; k <= b; ++k) m = std::max(m, v[k]);
    return m;
  };
  auto range_min = [&](const std::array<double, kStations>& v, int a, int b) {
    double m = 1e300;
    for (int k = a; k <= b; ++k) m = std::min(m, v[k]);
    return m;
  };
  for (int k = 6; k <= 34; ++k)
    if (!(top[k] > -1e299) || !(bot[k] < 1e299)) return {0.0, 0.0};
  const double front = std::min(range_max(top, 6, 17), range_max(top, 23, 34)) - range_min(top, 18, 22);
  const double back = range_max(bot, 18, 22) - std::max(range_min(bot, 6, 17), range_min(bot, 23, 34));
  return {std::max(0.0, front), std::max(0.0, back)};
}

}  // namespace

FrameDetection detect_frame(const Mesh& body, const std::string& name, const ImportOptions& options) {
  FrameDetection det;
  Vertices work;  // the body's vertices in the frame being tried
  const BoundingBox box = bounding_box(body.V);
  const Eigen::Vector3d ext = box.extent();
  const double max_ext = ext.maxCoeff();
  if (!(max_ext > 0)) throw InvalidInput(name + ": the mesh has no extent");

  // 1. Up axis: the candidate axis along which one end shows two separate legs and the other not.
  // The profile along the chosen up axis (file units) is kept: it gives the crotch for the
  // front detection and the validation, so the mesh is profiled once per candidate only.
  Eigen::Vector3d up;
  BodyProfile up_profile;
  if (options.up) {
    up = options.up->vector();
    up_profile = profile_body(transformed(body, basis_with_up(up), 1.0, work), body.F, 80);
  } else {
    double best = -1;
    double best_legs = 0;
    for (int a = 0; a < 3; ++a) {
      if (ext[a] < 0.55 * max_ext) continue;
      const Eigen::Vector3d axis = Eigen::Vector3d::Unit(a);
      const BodyProfile prof = profile_body(transformed(body, basis_with_up(axis), 1.0, work), body.F, 80);
      const double s = prof.legs_score_bottom - prof.legs_score_top;
      const double legs = std::max(prof.legs_score_bottom, prof.legs_score_top);
      const double score = std::abs(s) + 0.05 * ext[a] / max_ext;  // small tie-break by extent
      if (legs >= 0.15 && score > best) {
        best = score;
        best_legs = legs;
        up = s >= 0 ? axis : Eigen::Vector3d(-axis);
        up_profile = prof;
        if (s < 0) up_profile = profile_body(transformed(body, basis_with_up(up), 1.0, work), body.F, 80);
      }
    }
    if (best < 0 || best_legs < 0.15)
      throw InvalidInput(name + ": not a standing human body: no pair of separate legs was found along any axis "
                                "(a scan must cover the waist to the thighs; pass --up if the orientation is unusual)");
  }
  det.up = nearest_axis(up);
  const Eigen::Vector3d file_up = up;

  // 2. Lean: the long axis through the torso and between the legs, levelled when clear. Scale
  // free (file units), so it runs before the units are known.
  const double height0 = up_profile.levels.empty() ? max_ext : ext.dot(up.cwiseAbs());
  double lean_deg = 0;
  Eigen::Vector3d axis_file = up;
  // Only a scan with a torso above and legs below the crotch has a long axis to level by (a
  // scan without one is rejected below, with the reason).
  // A full-body scan's long axis runs through the torso and between the legs down to the calves;
  // a crop's is the bisector of its thighs' and torso's axes (crop_long_axis).
  bool feet = false;
  auto body_axis = [&](const Vertices& v, const BodyProfile& prof) {
    return feet ? long_axis(v, body.F, prof, 0.006 * height0) : crop_long_axis(v, body.F, prof);
  };
  if (up_profile.has_crotch && up_profile.torso_above > 0.15 * height0 && up_profile.legs_below > 0.1 * height0) {
    const Eigen::Matrix3d R0 = basis_with_up(up);
    feet = feet_at_bottom(transformed(body, R0, 1.0, work), body.F);
    const auto [axis, used] = body_axis(work, up_profile);
    if (used >= 6) {
      axis_file = R0.transpose() * axis;
      lean_deg = std::acos(std::clamp(axis.z(), -1.0, 1.0)) * 180.0 / M_PI;
    } else {
      det.notes.push_back("tilt unknown: too few cross-sections to find the body's long axis; check that the scan "
                          "stands upright");
    }
  }
  det.tilt_deg = lean_deg;
  if (!options.up && lean_deg > options.level_above_deg && lean_deg <= options.level_max_deg) {
    up = axis_file.normalized();
    up_profile = profile_body(transformed(body, basis_with_up(up), 1.0, work), body.F, 80);
    // Once more in the levelled frame: the sections are then nearly square to the body, so the
    // small residual lean is measured without the bias of the oblique sections.
    if (up_profile.has_crotch) {
      const Eigen::Matrix3d R1 = basis_with_up(up);
      const auto [axis, used] = body_axis(transformed(body, R1, 1.0, work), up_profile);
      if (used >= 6 && axis.z() < std::cos(0.1 * M_PI / 180.0)) {
        axis_file = R1.transpose() * axis;
        up = axis_file.normalized();
        up_profile = profile_body(transformed(body, basis_with_up(up), 1.0, work), body.F, 80);
      }
    }
    lean_deg = std::acos(std::clamp(up.dot(file_up), -1.0, 1.0)) * 180.0 / M_PI;
    det.tilt_deg = lean_deg;
    det.tilt_corrected_deg = lean_deg;
  } else if (lean_deg > options.level_max_deg) {
    det.notes.push_back("scan leans " + fmt(lean_deg) + " deg from its up axis, too much to level with confidence; "
                        "the landmarks and fills may be wrong");
  } else if (options.up && lean_deg > options.level_above_deg) {
    det.notes.push_back("scan leans " + fmt(lean_deg) + " deg from the given --up axis; it was not levelled");
  }

  // 3. Feet at the bottom (scale free): a foot is much longer front to back than the ankle.
  const Eigen::Matrix3d R0 = basis_with_up(up);
  Eigen::Vector3d lateral_guess;
  {
    // Lateral axis: the widest horizontal direction (area-weighted second moment).
    Eigen::Matrix2d C = Eigen::Matrix2d::Zero();
    Eigen::Vector2d mean = Eigen::Vector2d::Zero();
    double total = 0;
    for (Eigen::Index f = 0; f < body.num_faces(); ++f) {
      const Eigen::Vector3d a = R0 * body.V.row(body.F(f, 0)).transpose(), b = R0 * body.V.row(body.F(f, 1)).transpose(),
                            c = R0 * body.V.row(body.F(f, 2)).transpose();
      const double w = 0.5 * (b - a).cross(c - a).norm();
      const Eigen::Vector2d g = ((a + b + c) / 3.0).head<2>();
      mean += w * g;
      C += w * g * g.transpose();
      total += w;
    }
    mean /= total;
    C = C / total - mean * mean.transpose();
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> es(C);
    const Eigen::Vector2d lat2 = es.eigenvectors().col(1);  // largest eigenvalue
    lateral_guess = (R0.transpose() * Eigen::Vector3d(lat2.x(), lat2.y(), 0)).normalized();
  }
  Eigen::Vector3d anterior = up.cross(lateral_guess).normalized();  // sign decided below
  if (options.front) {
    const Eigen::Vector3d f = options.front->vector();
    anterior = f - f.dot(up) * up;
    if (anterior.norm() < 0.5) throw InvalidInput(name + ": --front must not be parallel to --up");
    anterior.normalize();
  }
  auto frame_with = [&](const Eigen::Vector3d& ant) {
    Eigen::Matrix3d Rt;
    Rt.row(0) = ant.cross(up);
    Rt.row(1) = ant;
    Rt.row(2) = up;
    return Rt;
  };
  std::vector<FrontCue> cues;
  // What each cue measured, towards the trial anterior (ahead) and away from it (behind).
  double feet_ahead = 0, feet_behind = 0, butt_behind = 0, butt_front = 0, head_asym = 0, cleft_front = 0, cleft_back = 0;
  {
    const Vertices& vt = transformed(body, frame_with(anterior), 1.0, work);
    const double zmin = vt.col(2).minCoeff(), zmax = vt.col(2).maxCoeff(), H = zmax - zmin;
    SliceOptions so;
    so.join_gap = 0.006 * H;
    const auto s = slice_mesh(vt, body.F, {zmin + 0.012 * H, zmin + 0.025 * H, zmin + 0.07 * H}, so);
    const auto ankles = by_area(s[2]);
    FrontCue feet{"feet", 0, 0, ""};  // detail written once the front is decided
    if (ankles.size() >= 2 && std::abs(ankles[1]->signed_area) > 0.4 * std::abs(ankles[0]->signed_area)) {
      const double ankle_y = 0.5 * (loop_centroid(*ankles[0]).y() + loop_centroid(*ankles[1]).y());
      const double ankle_depth = 0.5 * ((ankles[0]->max.y() - ankles[0]->min.y()) + (ankles[1]->max.y() - ankles[1]->min.y()));
      double fmin = 1e300, fmax = -1e300;
      for (int k = 0; k < 2; ++k)
        for (const auto* l : by_area(s[static_cast<std::size_t>(k)]))
          if (std::abs(l->signed_area) > 0.05 * std::abs(ankles[0]->signed_area))
            fmin = std::min(fmin, l->min.y()), fmax = std::max(fmax, l->max.y());
      if (fmax > fmin && fmax - fmin > 1.8 * ankle_depth) {
        det.full_body = true;
        const double ahead = fmax - ankle_y, behind = ankle_y - fmin;
        feet.vote = std::tanh(2.5 * (ahead - behind) / (ahead + behind));
        feet.weight = 2.0;
        feet_ahead = 100 * ahead / H, feet_behind = 100 * behind / H;
      }
    }
    cues.push_back(feet);
  }

  // 4. Units from the extent along up. A full-body scan (feet) must be 1000-2300 mm tall; a crop
  // (no feet) 300-1500 mm. Where several units fit, the first of mm, cm, dm, m, in is taken and
  // a note says so.
  const Eigen::VectorXd along_up = body.V * up;
  const double height_file = along_up.maxCoeff() - along_up.minCoeff();
  if (options.units) {
    det.units = *options.units;
  } else {
    const double lo = det.full_body ? 1000.0 : 300.0, hi = det.full_body ? 2300.0 : 1500.0;
    std::vector<LengthUnit> fits;
    // Metric first: inches are taken when no metric unit fits (and noted when one also does).
    // The hips' width is a second, independent size: a crop 30-59 units tall is 300-590 mm in
    // cm and 760-1500 mm in inches, but only one of them makes the pelvis as wide as an adult's.
    double hip_width_file = 0;
    if (up_profile.has_crotch) {
      const Vertices& vu = transformed(body, R0, 1.0, work);
      const auto hips = slice_mesh(vu, body.F, {up_profile.crotch_z + 0.15 * up_profile.torso_above});
      if (const SectionLoop* l = largest(hips.front()))
        for (int k = 0; k < 8; ++k)
          hip_width_file = std::max(hip_width_file, extent_along(*l, Eigen::Vector2d(std::cos(k * M_PI / 8), std::sin(k * M_PI / 8))));
    }
    auto hips_plausible = [&](LengthUnit u) {
      const double w = hip_width_file * unit_to_mm(u);
      return !(hip_width_file > 0) || (w >= options.min_hip_width_mm && w <= options.max_hip_width_mm);
    };
    for (int pass = 0; pass < 2 && fits.empty(); ++pass)
      for (LengthUnit u : {LengthUnit::Millimetre, LengthUnit::Centimetre, LengthUnit::Decimetre, LengthUnit::Metre, LengthUnit::Inch}) {
        const double h = height_file * unit_to_mm(u);
        if (h >= lo && h < hi && (pass == 1 || hips_plausible(u))) fits.push_back(u);
      }
    if (fits.empty()) {
      // The old range, for crops that are larger than any full-body scan would be.
      for (LengthUnit u : {LengthUnit::Millimetre, LengthUnit::Centimetre, LengthUnit::Decimetre, LengthUnit::Metre})
        if (height_file * unit_to_mm(u) >= 300.0 && height_file * unit_to_mm(u) < 3000.0) {
          fits.push_back(u);
          break;
        }
    }
    if (fits.empty())
      throw InvalidInput(name + ": body height of " + fmt(height_file, 4) +
                         " file units is not a plausible human size in mm, cm, in, dm or m (pass --units)");
    det.units = fits.front();
    if (fits.size() > 1) {
      std::string alt;
      for (std::size_t k = 1; k < fits.size(); ++k)
        alt += std::string(k > 1 ? ", " : "") + unit_name(fits[k]) + " (" + fmt(height_file * unit_to_mm(fits[k]), 0) + " mm)";
      det.notes.push_back("units ambiguous: the scan is " + fmt(height_file, 2) + " units tall, plausible in " +
                          unit_name(det.units) + " (" + fmt(height_file * unit_to_mm(det.units), 0) +
                          " mm, taken) and in " + alt + "; pass --units if the sizes are wrong");
    }
  }
  const double scale = unit_to_mm(det.units);

  // 5. Which way is front: several anatomical cues vote (+ = the trial anterior is the front).
  if (options.front) {
    det.front_cues = {FrontCue{"override", 1.0, 1.0, "--front " + options.front->name()}};
    det.front_confidence = 1.0;
  } else {
    const Vertices& vt = transformed(body, frame_with(anterior), scale, work);
    const double zmin = vt.col(2).minCoeff(), zmax = vt.col(2).maxCoeff(), H = zmax - zmin;
    FrontCue buttocks{"buttocks", 0, 0, ""}, face{"face", 0, 0, ""}, cleft{"cleft", 0, 0, ""};
    if (up_profile.has_crotch) {
      const double crotch_mm = up_profile.crotch_z * scale;  // the profile shares z = up . p
      // The pelvis 10-150 mm above the crotch (gluteal cleft; its lower 80 mm for the buttocks'
      // overhang, below where a belly reaches) and the thighs 40-140 mm below it.
      std::vector<double> zs;
      for (double dz = 10; dz <= 150; dz += 10) zs.push_back(crotch_mm + dz);
      const auto n_torso = zs.size();
      for (double dz = 40; dz <= 140; dz += 10) zs.push_back(crotch_mm - dz);
      const std::size_t n_pelvis = zs.size();
      const std::size_t n_chest = zs.size();
      // The nose: the head's cross-sections near the nose reach further ahead of the head's
      // centre than behind it (full-body scans only).
      if (det.full_body)
        for (double t = 0.05; t <= 0.09; t += 0.01) zs.push_back(zmax - t * H);
      const auto sections = slice_mesh(vt, body.F, zs, SliceOptions{});
      double tmin = 1e300, tmax = -1e300, lmin = 1e300, lmax = -1e300;
      for (std::size_t i = 0; i < n_torso; ++i)
        if (const SectionLoop* l = largest(sections[i]); l && zs[i] <= crotch_mm + 80.0)
          tmin = std::min(tmin, l->min.y()), tmax = std::max(tmax, l->max.y());
      {
        // The gluteal cleft notches the middle of the back between the buttocks; the front (mons,
        // lower abdomen) is one convex arc. A pelvis notched on neither side carries no weight.
        double nf = 0, nb = 0;
        int counted = 0;
        for (std::size_t i = 0; i < n_torso; ++i)
          if (const SectionLoop* l = largest(sections[i]); l && l->closed) {
            const auto [f, b] = midline_notches(*l);
            nf += f, nb += b, ++counted;
          }
        if (counted >= 4) {
          nf /= counted, nb /= counted;
          cleft.vote = std::tanh((nb - nf) / 10.0);
          cleft.weight = 1.5 * std::min(1.0, std::max(nf, nb) / 10.0);
          cleft_front = nf, cleft_back = nb;
        }
      }
      for (std::size_t i = n_torso; i < n_pelvis; ++i) {
        const auto loops = by_area(sections[i]);
        for (std::size_t k = 0; k < std::min<std::size_t>(2, loops.size()); ++k)
          lmin = std::min(lmin, loops[k]->min.y()), lmax = std::max(lmax, loops[k]->max.y());
      }
      // The buttocks overhang the back of the thighs more than the abdomen overhangs their front.
      if (tmin < 1e300 && lmin < 1e300) {
        const double back = lmin - tmin, front = tmax - lmax;
        buttocks.vote = std::tanh((back - front) / 25.0);
        buttocks.weight = 1.0;
        butt_behind = back, butt_front = front;
      }
      if (det.full_body) {
        double best = 0;
        int counted = 0;
        for (std::size_t i = n_chest; i < sections.size(); ++i) {
          const SectionLoop* l = largest(sections[i]);
          if (!l) continue;
          const double cy = loop_centroid(*l).y();
          const double ahead = l->max.y() - cy, behind = cy - l->min.y();
          const double a = (ahead - behind) / std::max(1.0, ahead + behind);
          if (std::abs(a) > std::abs(best)) best = a;
          ++counted;
        }
        if (counted >= 3) {
          face.vote = std::tanh(best / 0.08);
          face.weight = 0.75;
          head_asym = best;
        }
      }
    }
    cues.push_back(buttocks);
    cues.push_back(face);
    cues.push_back(cleft);
    double sum = 0, weight = 0;
    for (const auto& c : cues) sum += c.weight * c.vote, weight += c.weight;
    if (sum < 0) {
      anterior = -anterior;
      for (auto& c : cues) c.vote = -c.vote;
      sum = -sum;
      std::swap(feet_ahead, feet_behind);
      std::swap(butt_behind, butt_front);
      std::swap(cleft_front, cleft_back);
      head_asym = -head_asym;
    }
    // The details in the chosen frame (ahead = towards the chosen front).
    for (auto& c : cues) {
      if (c.weight <= 0) continue;
      if (c.name == "feet")
        c.detail = "foot reaches " + fmt(feet_ahead) + " % of the height ahead of the ankle, " + fmt(feet_behind) +
                   " % behind";
      if (c.name == "buttocks")
        c.detail = "torso overhangs the thighs by " + fmt(butt_behind) + " mm behind, " + fmt(butt_front) + " mm in front";
      if (c.name == "cleft")
        c.detail = "notch at the middle of the back " + fmt(cleft_back) + " mm deep, of the front " + fmt(cleft_front) + " mm";
      if (c.name == "face")
        c.detail = "head section reaches " + fmt(100 * head_asym) + " % of its depth further ahead than behind";
    }
    det.front_confidence = weight > 0 ? std::clamp(sum / weight, 0.0, 1.0) : 0.0;
    det.front_cues = cues;
    if (det.front_confidence < options.front_confidence_warning)
      det.notes.push_back("front uncertain: check that left and right are right (confidence " +
                          fmt(det.front_confidence, 2) + ")");
  }
  det.front = nearest_axis(anterior);
  const Eigen::Vector3d front_axis = det.front.vector();
  det.yaw_deg = std::atan2(front_axis.cross(anterior).dot(up), front_axis.dot(anterior)) * 180.0 / M_PI;
  {
    // The lean measured against the file's up axis, split along the patient's front and right.
    const Eigen::Vector3d a = axis_file.normalized();
    const Eigen::Vector3d ant0 = (anterior - anterior.dot(file_up) * file_up).normalized();
    const Eigen::Vector3d right0 = ant0.cross(file_up);
    det.tilt_forward_deg = std::atan2(a.dot(ant0), a.dot(file_up)) * 180.0 / M_PI;
    det.tilt_right_deg = std::atan2(a.dot(right0), a.dot(file_up)) * 180.0 / M_PI;
  }

  Eigen::Matrix3d R;
  R.row(0) = anterior.cross(up);  // patient's right = anterior x superior (right-handed RAS)
  R.row(1) = anterior;
  R.row(2) = up;
  Vertices& canon = work;
  transformed(body, R, scale, canon);
  const BoundingBox cb = bounding_box(canon);

  // 6. Validate and place the origin: z = 0 at the lowest point, x/y at the pelvis centre.
  canon.col(2).array() -= cb.min.z();
  const BodyProfile& prof = up_profile;
  if (!prof.has_crotch)
    throw InvalidInput(name + ": not a standing human body: no pair of separate legs was found");
  const double legs_below = prof.legs_below * scale, torso_above = prof.torso_above * scale;
  const double crotch_z = prof.crotch_z * scale - cb.min.z();
  if (legs_below < options.min_thigh_below_crotch_mm)
    throw InvalidInput(name + ": the scan does not cover the thighs: only " + fmt(legs_below) +
                       " mm of separate legs below the crotch (need " + fmt(options.min_thigh_below_crotch_mm) + " mm)");
  if (torso_above < options.min_torso_above_crotch_mm)
    throw InvalidInput(name + ": the scan does not cover the hips and waist: only " + fmt(torso_above) +
                       " mm of torso above the crotch (need " + fmt(options.min_torso_above_crotch_mm) + " mm)");
  const auto pelvis = slice_mesh(canon, body.F, {crotch_z + 50.0});
  Eigen::Vector2d centre = 0.5 * (cb.min + cb.max).head<2>();
  if (const SectionLoop* l = largest(pelvis.front())) centre = 0.5 * (l->min + l->max);

  det.crotch_z_mm = crotch_z;
  det.transform.rotation = R;
  det.transform.scale = scale;
  det.transform.translation = Eigen::Vector3d(-centre.x(), -centre.y(), -cb.min.z());
  return det;
}

}  // namespace contour
