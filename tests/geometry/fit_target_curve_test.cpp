// The target curve and the concave envelope it starts from, on silhouettes whose answer is
// known: a straight hip line with a Gaussian dent (the ideal target is the line itself), a
// concave hip with a dent, and point sets with a known upper hull.
#include "contour/core/errors.hpp"
#include "contour/silhouette/find_landmarks.hpp"
#include "contour/target/fit_target_curve.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace contour {
namespace {

constexpr double kStepMm = 2.0;       // silhouette spacing, as in the pipeline
constexpr double kDentDepthMm = 10.0;
constexpr double kDentCentreMm = 200.0;
constexpr double kDentSigmaMm = 20.0;

struct Profile {
  std::vector<double> z, w;
  std::size_t first = 0, last = 0;  // window: z = 100 .. 300 mm
};

double line(double z) { return 150.0 + 0.05 * z; }
double dent(double z) { return kDentDepthMm * std::exp(-0.5 * std::pow((z - kDentCentreMm) / kDentSigmaMm, 2)); }

/// Half-width over z = 0..400 mm: `base(z)` minus a Gaussian dent at 200 mm.
template <class Base>
Profile make_profile(Base base, double depth_scale = 1.0) {
  Profile p;
  for (double z = 0; z <= 400 + 1e-9; z += kStepMm) {
    p.z.push_back(z);
    p.w.push_back(base(z) - depth_scale * dent(z));
  }
  p.first = static_cast<std::size_t>(100 / kStepMm);
  p.last = static_cast<std::size_t>(300 / kStepMm);
  return p;
}

Profile straight_with_dent() { return make_profile(line); }
/// A concave hip (half-width largest mid-window) with the dent: its envelope has corners where
/// the bridge over the dent meets the curve, which the smoothness term rounds off.
Profile concave_with_dent() {
  return make_profile([](double z) { return 170.0 - 0.0008 * (z - 200) * (z - 200); }, 1.5);
}

TargetCurve fit(const Profile& p, double correction = 1.0, double smoothness_mm = 12.0) {
  TargetCurveOptions o;
  o.correction = correction;
  o.smoothness_mm = smoothness_mm;
  return fit_target_curve(p.z, p.w, p.first, p.last, o);
}

double max_fill(const TargetCurve& c) { return *std::max_element(c.fill_mm.begin(), c.fill_mm.end()); }

/// Sum of squared second differences over the window (discrete bending energy), mm^2.
double bending(const std::vector<double>& t, std::size_t first, std::size_t last) {
  double e = 0;
  for (std::size_t i = first; i <= last; ++i) e += std::pow(t[i - 1] - 2 * t[i] + t[i + 1], 2);
  return e;
}

TEST(FitTargetCurve, TargetNeverLiesInsideTheSilhouette) {
  for (const Profile& p : {straight_with_dent(), concave_with_dent()})
    for (double smooth : {1.0, 12.0, 50.0}) {
      const TargetCurve c = fit(p, 1.0, smooth);
      ASSERT_EQ(c.target.size(), p.w.size());
      for (std::size_t i = 0; i < p.w.size(); ++i) {
        EXPECT_GE(c.target[i], p.w[i] - 1e-9) << "sample " << i << ", smoothness " << smooth;
        EXPECT_NEAR(c.fill_mm[i], c.target[i] - p.w[i], 1e-12);
      }
    }
}

TEST(FitTargetCurve, TargetEqualsTheSilhouetteOutsideTheWindowAndAtItsEnds) {
  const Profile p = concave_with_dent();
  const TargetCurve c = fit(p);
  EXPECT_EQ(c.first, p.first);
  EXPECT_EQ(c.last, p.last);
  for (std::size_t i = 0; i <= p.first; ++i) EXPECT_EQ(c.target[i], p.w[i]) << i;
  for (std::size_t i = p.last; i < p.w.size(); ++i) EXPECT_EQ(c.target[i], p.w[i]) << i;
  EXPECT_GT(max_fill(c), 1.0);  // and it does fill the dent
}

TEST(FitTargetCurve, TargetMeetsTheSilhouetteWithMatchingSlopeAtTheWindowEnds) {
  // The window ends (100 and 300 mm) lie 5 sigma from the dent, where the silhouette is smooth:
  // the target's first and last steps inside the window must follow it.
  for (const Profile& p : {straight_with_dent(), concave_with_dent()}) {
    const TargetCurve c = fit(p);
    const std::size_t a = p.first, b = p.last;
    const double slope_w_a = (p.w[a + 1] - p.w[a]) / kStepMm, slope_t_a = (c.target[a + 1] - c.target[a]) / kStepMm;
    const double slope_w_b = (p.w[b] - p.w[b - 1]) / kStepMm, slope_t_b = (c.target[b] - c.target[b - 1]) / kStepMm;
    EXPECT_NEAR(slope_t_a, slope_w_a, 0.005);  // mm per mm: 0.3 degrees
    EXPECT_NEAR(slope_t_b, slope_w_b, 0.005);
  }
}

TEST(FitTargetCurve, CorrectionZeroGivesTheSilhouette) {
  const Profile p = concave_with_dent();
  const TargetCurve c = fit(p, 0.0);
  for (std::size_t i = 0; i < p.w.size(); ++i) {
    EXPECT_EQ(c.target[i], p.w[i]) << i;
    EXPECT_EQ(c.fill_mm[i], 0.0) << i;
  }
}

TEST(FitTargetCurve, CorrectionFractionScalesTheFillLinearly) {
  const Profile p = concave_with_dent();
  const TargetCurve full = fit(p, 1.0);
  double full_area = 0;
  for (double f : full.fill_mm) full_area += f * kStepMm;
  ASSERT_GT(full_area, 10.0);
  for (double f : {0.25, 0.5, 0.8}) {
    SCOPED_TRACE(f);
    const TargetCurve part = fit(p, f);
    double area = 0;
    for (std::size_t i = 0; i < p.w.size(); ++i) {
      EXPECT_NEAR(part.fill_mm[i], f * full.fill_mm[i], 1e-9) << i;
      area += part.fill_mm[i] * kStepMm;
    }
    EXPECT_NEAR(area, f * full_area, 1e-9 * full_area);
  }
}

TEST(FitTargetCurve, StraightLineWithADentReturnsTheLine) {
  // The envelope is the line itself, which has no curvature and lies outside the dent, so the
  // programme's optimum is the line: the fill is the dent, whatever the smoothness.
  const Profile p = straight_with_dent();
  for (double smooth : {4.0, 12.0, 30.0}) {
    SCOPED_TRACE(smooth);
    const TargetCurve c = fit(p, 1.0, smooth);
    double worst = 0;
    for (std::size_t i = p.first; i <= p.last; ++i) worst = std::max(worst, std::abs(c.target[i] - line(p.z[i])));
    // The only departure allowed is the dent's tail at the fixed ends (10 mm * exp(-12.5)).
    EXPECT_LE(worst, 0.01) << "largest distance from the line, mm";
    EXPECT_NEAR(max_fill(c), kDentDepthMm, 0.01);
  }
}

TEST(FitTargetCurve, LargerSmoothnessGivesARounderTarget) {
  const Profile p = concave_with_dent();
  const TargetCurve sharp = fit(p, 1.0, 2.0), round = fit(p, 1.0, 40.0);
  const double e_sharp = bending(sharp.target, p.first, p.last), e_round = bending(round.target, p.first, p.last);
  EXPECT_LT(e_round, 0.5 * e_sharp) << "bending energy " << e_round << " vs " << e_sharp << " mm^2";
  double largest_difference = 0;
  for (std::size_t i = 0; i < p.w.size(); ++i)
    largest_difference = std::max(largest_difference, std::abs(round.target[i] - sharp.target[i]));
  EXPECT_GT(largest_difference, 0.1) << "mm";
  // Both still bridge the dent: a rounder curve cannot fill less at the dip than the silhouette.
  EXPECT_GT(max_fill(round), 0.5 * 1.5 * kDentDepthMm);
}

TEST(FitTargetCurve, OutOfRangeSettingsAreRejected) {
  const Profile p = straight_with_dent();
  EXPECT_THROW((void)fit(p, 1.5), InvalidInput);
  EXPECT_THROW((void)fit(p, -0.1), InvalidInput);
  EXPECT_THROW((void)fit(p, 1.0, 0.0), InvalidInput);
  EXPECT_THROW((void)fit(p, 1.0, 80.0), InvalidInput);
  EXPECT_THROW((void)fit_target_curve(p.z, p.w, p.last, p.first), InvalidInput);
  EXPECT_THROW((void)fit_target_curve(p.z, p.w, p.first, p.w.size()), InvalidInput);
}

// ---- upper_hull (least concave majorant) ----

TEST(UpperHull, PicksTheKnownHullVerticesOfAMixedProfile) {
  const std::vector<double> z{0, 1, 2, 3, 4, 5, 6}, w{0, 3, 1, 2, 5, 1, 0};
  EXPECT_EQ(upper_hull(z, w, 0, 6), (std::vector<std::size_t>{0, 1, 4, 6}));
  // A sub-range is hulled on its own.
  EXPECT_EQ(upper_hull(z, w, 2, 5), (std::vector<std::size_t>{2, 4, 5}));
}

TEST(UpperHull, KeepsEveryPointOfAStrictlyConcaveProfileAndOnlyTheEndsOfAConvexOne) {
  std::vector<double> z, concave, convex;
  for (int i = 0; i <= 20; ++i) {
    z.push_back(i * 2.0);
    concave.push_back(-std::pow(i - 7.0, 2));
    convex.push_back(std::pow(i - 7.0, 2));
  }
  EXPECT_EQ(upper_hull(z, concave, 0, 20).size(), 21u);
  EXPECT_EQ(upper_hull(z, convex, 0, 20), (std::vector<std::size_t>{0, 20}));
}

TEST(UpperHull, RandomSamplesLieOnOrBelowAConcaveHull) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-5.0, 5.0);
  std::vector<double> z, w;
  for (int i = 0; i < 300; ++i) z.push_back(0.5 * i), w.push_back(u(rng));
  const auto h = upper_hull(z, w, 10, 280);
  ASSERT_GE(h.size(), 2u);
  EXPECT_EQ(h.front(), 10u);
  EXPECT_EQ(h.back(), 280u);
  for (std::size_t k = 0; k + 1 < h.size(); ++k) {
    ASSERT_LT(h[k], h[k + 1]);
    for (std::size_t i = h[k]; i <= h[k + 1]; ++i) {
      const double t = (z[i] - z[h[k]]) / (z[h[k + 1]] - z[h[k]]);
      EXPECT_LE(w[i], w[h[k]] + t * (w[h[k + 1]] - w[h[k]]) + 1e-12);
    }
    if (k + 2 < h.size()) {  // slopes decrease: concave
      const double s0 = (w[h[k + 1]] - w[h[k]]) / (z[h[k + 1]] - z[h[k]]);
      const double s1 = (w[h[k + 2]] - w[h[k + 1]]) / (z[h[k + 2]] - z[h[k + 1]]);
      EXPECT_GT(s0, s1);
    }
  }
}

TEST(SmoothSamples, KeepsConstantsAndStraightLinesAwayFromTheEnds) {
  const std::vector<double> flat(50, 3.5);
  for (double v : smooth_samples(flat, 2.0)) EXPECT_NEAR(v, 3.5, 1e-12);
  std::vector<double> ramp;
  for (int i = 0; i < 50; ++i) ramp.push_back(2.0 + 0.3 * i);
  const auto s = smooth_samples(ramp, 2.0);
  for (int i = 7; i < 43; ++i) EXPECT_NEAR(s[i], ramp[i], 1e-9) << i;  // kernel radius 6 samples
  // A spike is spread out: lower peak, same (interior) sum.
  std::vector<double> spike(50, 0.0);
  spike[25] = 1.0;
  const auto ss = smooth_samples(spike, 2.0);
  EXPECT_LT(ss[25], 0.25);
  double sum = 0;
  for (double v : ss) sum += v;
  EXPECT_NEAR(sum, 1.0, 1e-9);
}

}  // namespace
}  // namespace contour
