#pragma once
// Rigid registration of a follow-up scan onto the pre-operative one, on the parts that did not
// change (docs/followup.md, "Registration").
#include "contour/core/mesh.hpp"

#include <Eigen/Core>
#include <vector>

namespace contour {

struct RegistrationOptions {
  int max_iterations = 60;            ///< ICP iterations (1-500)
  /// Of the pairs left after the distance and normal tests, the closest this fraction are used
  /// (trimmed ICP: the rest are taken as changed skin, arms or noise), (0.2-1].
  double keep_fraction = 0.8;
  double max_pair_distance_mm = 30.0; ///< pairs further apart are not used, mm (1-200)
  double min_normal_agreement = 0.5;  ///< cosine between the two surfaces' normals of a pair (-1-1)
  int max_samples = 20000;            ///< fixed-part vertices used (evenly spread), (100-1 000 000)
  /// Stop when an iteration moves no sample point by more than this, mm (> 0).
  double converged_mm = 1e-3;
  /// Correlation length of the residuals along the skin, mm (> 0): the pose's uncertainty is
  /// computed as if one independent residual came from each disc of this radius.
  double residual_correlation_mm = 10.0;
};
/// Throws InvalidInput naming the field when an option is out of range (or NaN).
void validate(const RegistrationOptions& options);

/// A rigid motion x -> rotation * x + translation.
struct RigidMotion {
  Eigen::Matrix3d rotation = Eigen::Matrix3d::Identity();
  Eigen::Vector3d translation = Eigen::Vector3d::Zero();
  [[nodiscard]] Eigen::Vector3d apply(const Eigen::Vector3d& p) const { return rotation * p + translation; }
  /// This motion followed by a small one: rotation by the rotation vector omega (rad) about
  /// `centre`, then translation by t (mm).
  [[nodiscard]] RigidMotion perturbed(const Eigen::Vector3d& omega, const Eigen::Vector3d& t,
                                      const Eigen::Vector3d& centre = Eigen::Vector3d::Zero()) const;
};

struct Registration {
  RigidMotion pre_to_post;       ///< maps the pre-operative scan's points onto the follow-up scan
  double rms_mm = 0;             ///< RMS point-to-surface distance of the pairs used, mm
  double median_mm = 0;          ///< median distance of all candidate pairs, mm
  long long samples = 0;         ///< fixed-part points offered
  long long pairs_used = 0;      ///< pairs in the last iteration's fit
  double overlap = 0;            ///< pairs within max_pair_distance_mm / samples, [0, 1]
  int iterations = 0;
  bool converged = false;
  double fixed_area_mm2 = 0;     ///< skin area the samples stand for, mm^2
  /// Covariance of the pose (rotation vector rad, translation mm; 6 x 6) from the residuals.
  Eigen::Matrix<double, 6, 6> covariance = Eigen::Matrix<double, 6, 6>::Zero();
  Eigen::Vector3d covariance_centre = Eigen::Vector3d::Zero();  ///< the rotation's centre, post frame
};

/// Registers `post` to `pre` by trimmed point-to-plane ICP (Chen & Medioni 1992; trimmed as in
/// Chetverikov et al. 2002) from `start` (pre -> post). Only the pre vertices with use[v] != 0
/// take part. Closest points on `post` come from an AABB tree (CGAL). Throws InvalidInput when
/// fewer than 100 points are usable or the fit is singular (a featureless overlap).
[[nodiscard]] Registration register_scans(const Mesh& pre, const std::vector<char>& use, const Mesh& post,
                                          const RigidMotion& start, const RegistrationOptions& options = {});

}  // namespace contour
