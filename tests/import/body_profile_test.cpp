// Cross-section shapes that profile_body reads as legs: two lobes of touching thighs, not a torso.
#include "contour/import/body_profile.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace contour {
namespace {

/// A closed loop r(θ) around the origin, counter-clockwise, turned by `yaw_rad`.
SectionLoop polar_loop(double (*r)(double), double yaw_rad, int n = 360) {
  SectionLoop l;
  for (int i = 0; i < n; ++i) {
    const double t = 2 * M_PI * i / n;
    const double rr = r(t);
    const Eigen::Vector2d p(rr * std::cos(t), rr * std::sin(t));
    l.points.push_back(Eigen::Rotation2Dd(yaw_rad) * p);
  }
  update_loop_measures(l);
  return l;
}

// Two touching thighs (160 mm wide each, 150 mm deep, meeting over 40 mm at the midline):
// a lemniscate-like outline; a pelvis (ellipse 360 x 230 mm) with a shallow back notch (cleft).
double thighs(double t) {
  const double c = std::abs(std::cos(t)), s = std::abs(std::sin(t));
  return 165.0 * std::sqrt(c * c + 0.02) * (1.0 - 0.1 * s * s) + 10.0;
}
double pelvis(double t) {
  const double a = 180, b = 115;
  const double base = a * b / std::hypot(b * std::cos(t), a * std::sin(t));
  const double cleft = t > M_PI ? 12.0 * std::exp(-std::pow((t - 1.5 * M_PI) / 0.12, 2)) : 0.0;
  return base - cleft;
}

TEST(BodyProfileLobes, TouchingThighsHaveTwoLobesAtAnyYaw) {
  for (double yaw : {0.0, 0.4, 1.2, 2.5}) {
    SCOPED_TRACE(yaw);
    EXPECT_TRUE(loop_has_two_lobes(polar_loop(thighs, yaw)));
  }
}

TEST(BodyProfileLobes, APelvisWithAGlutealCleftIsOneTorso) {
  for (double yaw : {0.0, 0.4, 1.2, 2.5}) {
    SCOPED_TRACE(yaw);
    EXPECT_FALSE(loop_has_two_lobes(polar_loop(pelvis, yaw)));
  }
}

}  // namespace
}  // namespace contour
