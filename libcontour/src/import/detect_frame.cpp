#include "contour/import/detect_frame.hpp"

#include "contour/core/errors.hpp"
#include "contour/import/body_profile.hpp"
#include "contour/section/slice_mesh.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
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

  // 2. Units from the extent along up.
  const Eigen::VectorXd along_up = body.V * up;
  const double height_file = along_up.maxCoeff() - along_up.minCoeff();
  if (options.units) {
    det.units = *options.units;
  } else {
    bool found = false;
    for (LengthUnit u : {LengthUnit::Millimetre, LengthUnit::Centimetre, LengthUnit::Decimetre, LengthUnit::Metre}) {
      const double h = height_file * unit_to_mm(u);
      if (h >= 300.0 && h < 3000.0) {
        det.units = u;
        found = true;
        break;
      }
    }
    if (!found)
      throw InvalidInput(name + ": body height of " + fmt(height_file, 4) +
                         " file units is not a plausible human size in mm, cm, dm or m (pass --units)");
  }
  const double scale = unit_to_mm(det.units);

  // 3. Lateral axis: the widest horizontal direction (area-weighted second moment).
  const Eigen::Matrix3d R0 = basis_with_up(up);
  Eigen::Vector3d anterior;
  if (options.front) {
    const Eigen::Vector3d f = options.front->vector();
    anterior = f - f.dot(up) * up;
    if (anterior.norm() < 0.5) throw InvalidInput(name + ": --front must not be parallel to --up");
    anterior.normalize();
  } else {
    Eigen::Matrix2d C = Eigen::Matrix2d::Zero();
    Eigen::Vector2d mean = Eigen::Vector2d::Zero();
    double total = 0;
    for (Eigen::Index f = 0; f < body.num_faces(); ++f) {
      const Eigen::Vector3d a = scale * R0 * body.V.row(body.F(f, 0)).transpose(),
                            b = scale * R0 * body.V.row(body.F(f, 1)).transpose(),
                            c = scale * R0 * body.V.row(body.F(f, 2)).transpose();
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
    const Eigen::Vector2d ap2(-lat2.y(), lat2.x());
    anterior = (R0.transpose() * Eigen::Vector3d(ap2.x(), ap2.y(), 0)).normalized();

    // 4. Which way is front: the buttocks overhang the back of the thighs more than the
    // abdomen overhangs their front.
    Eigen::Matrix3d Rt;
    Rt.row(0) = anterior.cross(up);
    Rt.row(1) = anterior;
    Rt.row(2) = up;
    const Vertices& vt = transformed(body, Rt, scale, work);
    if (up_profile.has_crotch) {
      const double crotch_mm = up_profile.crotch_z * scale;  // Rt and the profile share z = up . p
      // One slicing pass: the torso levels first, then the thigh levels.
      std::vector<double> zs;
      for (double dz = 20; dz <= 200; dz += 10) zs.push_back(crotch_mm + dz);
      const auto n_torso = static_cast<std::ptrdiff_t>(zs.size());
      for (double dz = 40; dz <= 140; dz += 10) zs.push_back(crotch_mm - dz);
      const auto sections = slice_mesh(vt, body.F, zs, SliceOptions{});
      const std::vector<CrossSection> ts(sections.begin(), sections.begin() + n_torso);
      const std::vector<CrossSection> ls(sections.begin() + n_torso, sections.end());
      double tmin = 1e300, tmax = -1e300, lmin = 1e300, lmax = -1e300;
      for (const auto& s : ts)
        if (const SectionLoop* l = largest(s)) tmin = std::min(tmin, l->min.y()), tmax = std::max(tmax, l->max.y());
      for (const auto& s : ls) {
        std::vector<const SectionLoop*> loops;
        for (const auto& l : s.loops) loops.push_back(&l);
        std::sort(loops.begin(), loops.end(), [](auto* a, auto* b) { return std::abs(a->signed_area) > std::abs(b->signed_area); });
        for (std::size_t i = 0; i < std::min<std::size_t>(2, loops.size()); ++i)
          lmin = std::min(lmin, loops[i]->min.y()), lmax = std::max(lmax, loops[i]->max.y());
      }
      if (tmin < 1e300 && lmin < 1e300) {
        const double back = lmin - tmin, front = tmax - lmax;
        if (front > back) anterior = -anterior;
      }
    }
  }
  det.front = nearest_axis(anterior);
  const Eigen::Vector3d front_axis = det.front.vector();
  det.yaw_deg = std::atan2(front_axis.cross(anterior).dot(up), front_axis.dot(anterior)) * 180.0 / M_PI;

  Eigen::Matrix3d R;
  R.row(0) = anterior.cross(up);  // patient's right = anterior x superior (right-handed RAS)
  R.row(1) = anterior;
  R.row(2) = up;
  Vertices& canon = work;
  transformed(body, R, scale, canon);
  const BoundingBox cb = bounding_box(canon);

  // 5. Validate and place the origin: z = 0 at the lowest point, x/y at the pelvis centre.
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
