// Trimmed point-to-plane ICP of a follow-up scan onto the pre-operative one.
#include "contour/followup/register_scans.hpp"

#include "contour/core/errors.hpp"
#include "followup/register_detail.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Geometry>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace contour {
namespace {

void check(bool ok, const char* field, double value, const char* range) {
  if (ok) return;
  std::ostringstream m;
  m << "registration options: " << field << " must be " << range << ", got " << value;
  throw InvalidInput(m.str());
}

Eigen::Matrix3d rotation_from_vector(const Eigen::Vector3d& omega) {
  const double a = omega.norm();
  if (a < 1e-15) return Eigen::Matrix3d::Identity();
  return Eigen::AngleAxisd(a, omega / a).toRotationMatrix();
}

struct Pair {
  Eigen::Vector3d p, q, n;  // moved pre point, closest post point, post normal
  double d = 0;             // distance
  bool ok = false;
};

}  // namespace

void validate(const RegistrationOptions& o) {
  check(o.max_iterations >= 1 && o.max_iterations <= 500, "max_iterations", o.max_iterations, "in [1, 500]");
  check(o.keep_fraction > 0.2 && o.keep_fraction <= 1, "keep_fraction", o.keep_fraction, "in (0.2, 1]");
  check(o.max_pair_distance_mm >= 1 && o.max_pair_distance_mm <= 200, "max_pair_distance_mm", o.max_pair_distance_mm,
        "in [1, 200]");
  check(o.min_normal_agreement >= -1 && o.min_normal_agreement <= 1, "min_normal_agreement", o.min_normal_agreement,
        "in [-1, 1]");
  check(o.max_samples >= 100 && o.max_samples <= 1000000, "max_samples", o.max_samples, "in [100, 1000000]");
  check(o.converged_mm > 0 && std::isfinite(o.converged_mm), "converged_mm", o.converged_mm, "finite and > 0");
  check(o.residual_correlation_mm > 0 && std::isfinite(o.residual_correlation_mm), "residual_correlation_mm",
        o.residual_correlation_mm, "finite and > 0");
}

RigidMotion RigidMotion::perturbed(const Eigen::Vector3d& omega, const Eigen::Vector3d& t,
                                   const Eigen::Vector3d& centre) const {
  const Eigen::Matrix3d d = rotation_from_vector(omega);
  return RigidMotion{d * rotation, d * (translation - centre) + centre + t};
}

namespace detail {

std::vector<double> vertex_areas(const Mesh& mesh) {
  std::vector<double> a(static_cast<std::size_t>(mesh.num_vertices()), 0.0);
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
    const Eigen::Vector3d p0 = mesh.V.row(mesh.F(f, 0)), p1 = mesh.V.row(mesh.F(f, 1)), p2 = mesh.V.row(mesh.F(f, 2));
    const double third = (p1 - p0).cross(p2 - p0).norm() / 6.0;
    for (int k = 0; k < 3; ++k) a[static_cast<std::size_t>(mesh.F(f, k))] += third;
  }
  return a;
}

Vertices vertex_normals(const Mesh& mesh) {
  Vertices n = Vertices::Zero(mesh.num_vertices(), 3);
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
    const Eigen::Vector3d p0 = mesh.V.row(mesh.F(f, 0)), p1 = mesh.V.row(mesh.F(f, 1)), p2 = mesh.V.row(mesh.F(f, 2));
    const Eigen::Vector3d w = (p1 - p0).cross(p2 - p0);  // length = twice the area: area weighting
    for (int k = 0; k < 3; ++k) n.row(mesh.F(f, k)) += w.transpose();
  }
  for (Eigen::Index v = 0; v < n.rows(); ++v) {
    const double len = n.row(v).norm();
    if (len > 0) n.row(v) /= len;
  }
  return n;
}

Registration register_on(const Mesh& pre, const std::vector<char>& use, const SurfaceQueries& post,
                         const RigidMotion& start, const RegistrationOptions& o) {
  validate(o);
  if (use.size() != static_cast<std::size_t>(pre.num_vertices()))
    throw InternalError("register_scans: the use mask does not match the pre-operative mesh");
  if (post.empty()) throw InvalidInput("follow-up scan: no faces with area to register to");
  const std::vector<double> area = vertex_areas(pre);
  const Vertices normals = vertex_normals(pre);

  // Fixed-part samples, evenly spread over the vertex order (scans are written in spatial order).
  std::vector<Eigen::Index> candidates;
  double fixed_area = 0;
  for (Eigen::Index v = 0; v < pre.num_vertices(); ++v)
    if (use[static_cast<std::size_t>(v)] && area[static_cast<std::size_t>(v)] > 0) {
      candidates.push_back(v);
      fixed_area += area[static_cast<std::size_t>(v)];
    }
  if (candidates.size() < 100) {
    std::ostringstream m;
    m << "registration: only " << candidates.size()
      << " vertices of the pre-operative scan lie outside the treated and donor regions (at least 100 needed)";
    throw InvalidInput(m.str());
  }
  std::vector<Eigen::Index> samples;
  const double stride = std::max(1.0, static_cast<double>(candidates.size()) / o.max_samples);
  for (double s = 0; s < static_cast<double>(candidates.size()); s += stride)
    samples.push_back(candidates[static_cast<std::size_t>(s)]);

  Registration r;
  r.samples = static_cast<long long>(samples.size());
  r.fixed_area_mm2 = fixed_area;
  RigidMotion T = start;
  std::vector<Pair> pairs(samples.size());
  Eigen::Matrix<double, 6, 6> normal_matrix = Eigen::Matrix<double, 6, 6>::Zero();
  Eigen::Vector3d centre = Eigen::Vector3d::Zero();
  double sum_sq = 0;
  long long used = 0;

  auto pair_up = [&]() {
    tbb::parallel_for(std::size_t{0}, samples.size(), [&](std::size_t i) {
      Pair& pr = pairs[i];
      pr.p = T.apply(pre.V.row(samples[i]).transpose());
      const Eigen::Vector3d np = T.rotation * normals.row(samples[i]).transpose();
      const ClosestPoint c = post.closest(pr.p);
      pr.q = c.point;
      // The plane is the pre-operative skin's (a smoothed vertex normal): the follow-up's face
      // normals carry its scan noise, and fitting to noisy planes biases the pose along
      // directions the body barely constrains (up and down a trunk that is nearly a cylinder).
      pr.n = np;
      pr.d = c.distance;
      pr.ok = c.distance <= o.max_pair_distance_mm && np.dot(c.normal) >= o.min_normal_agreement;
    });
  };

  for (int it = 0; it < o.max_iterations; ++it) {
    pair_up();
    std::vector<double> d;
    d.reserve(pairs.size());
    for (const Pair& p : pairs)
      if (p.ok) d.push_back(p.d);
    if (d.size() < 50) {
      std::ostringstream m;
      m << "registration: only " << d.size() << " of " << pairs.size()
        << " points of the pre-operative scan found the follow-up surface within " << o.max_pair_distance_mm
        << " mm: the scans do not overlap (a different body, or no common parts)";
      throw InvalidInput(m.str());
    }
    const std::size_t keep = std::max<std::size_t>(50, static_cast<std::size_t>(o.keep_fraction * d.size()));
    std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(std::min(keep, d.size()) - 1), d.end());
    const double cut = d[std::min(keep, d.size()) - 1];

    // Rotations about the samples' centroid keep the system well conditioned (the canonical
    // frame's origin lies at the feet, a metre or more away).
    centre.setZero();
    long long nc = 0;
    for (const Pair& p : pairs)
      if (p.ok) centre += p.p, ++nc;
    centre /= static_cast<double>(nc);
    Eigen::Matrix<double, 6, 6> A = Eigen::Matrix<double, 6, 6>::Zero();
    Eigen::Matrix<double, 6, 1> b = Eigen::Matrix<double, 6, 1>::Zero();
    sum_sq = 0;
    used = 0;
    for (const Pair& p : pairs) {
      if (!p.ok || p.d > cut) continue;
      Eigen::Matrix<double, 6, 1> J;
      J.head<3>() = (p.p - centre).cross(p.n);
      J.tail<3>() = p.n;
      const double res = (p.p - p.q).dot(p.n);
      A += J * J.transpose();
      b -= J * res;
      sum_sq += res * res;
      ++used;
    }
    normal_matrix = A;
    Eigen::LDLT<Eigen::Matrix<double, 6, 6>> ldlt(A);
    if (ldlt.info() != Eigen::Success || !(ldlt.rcond() > 1e-14))
      throw InvalidInput("registration: the unchanged parts do not fix the pose (a featureless or symmetric overlap)");
    const Eigen::Matrix<double, 6, 1> x = ldlt.solve(b);
    if (!x.allFinite())
      throw InvalidInput("registration: the unchanged parts do not fix the pose (a featureless or symmetric overlap)");
    T = T.perturbed(x.head<3>(), x.tail<3>(), centre);
    r.iterations = it + 1;
    // Largest motion of a sample point: |omega x (p - c) + t| <= |omega| max|p - c| + |t|.
    double reach = 0;
    for (const Pair& p : pairs) reach = std::max(reach, (p.p - centre).norm());
    if (x.head<3>().norm() * reach + x.tail<3>().norm() < o.converged_mm) {
      r.converged = true;
      break;
    }
  }
  pair_up();
  std::vector<double> all, ok;
  for (const Pair& p : pairs) {
    all.push_back(p.d);
    if (p.ok) ok.push_back(p.d);
  }
  std::nth_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(all.size() / 2), all.end());
  r.median_mm = all[all.size() / 2];
  r.overlap = static_cast<double>(ok.size()) / static_cast<double>(pairs.size());
  r.pre_to_post = T;
  r.pairs_used = used;
  r.rms_mm = used > 0 ? std::sqrt(sum_sq / static_cast<double>(used)) : 0.0;
  // Pose covariance: sigma^2 (J^T J)^-1, inflated by the number of pairs per independent
  // residual (one per disc of the correlation length over the fixed area).
  const double sigma2 = used > 6 ? sum_sq / static_cast<double>(used - 6) : 0.0;
  const double independent = std::max(
      6.0, fixed_area * (static_cast<double>(used) / std::max<double>(1, static_cast<double>(samples.size()))) /
               (3.14159265358979 * o.residual_correlation_mm * o.residual_correlation_mm));
  const double inflation = std::max(1.0, static_cast<double>(used) / independent);
  r.covariance = sigma2 * inflation * normal_matrix.inverse();
  r.covariance_centre = centre;
  return r;
}

}  // namespace detail

Registration register_scans(const Mesh& pre, const std::vector<char>& use, const Mesh& post, const RigidMotion& start,
                            const RegistrationOptions& options) {
  validate(options);
  const detail::SurfaceQueries tree(post);
  return detail::register_on(pre, use, tree, start, options);
}

}  // namespace contour
