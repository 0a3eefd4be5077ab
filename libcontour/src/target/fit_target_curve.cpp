#include "contour/target/fit_target_curve.hpp"

#include "contour/core/errors.hpp"
#include "contour/silhouette/find_landmarks.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

namespace contour {

TargetCurve fit_target_curve(const std::vector<double>& z, const std::vector<double>& w, std::size_t first,
                             std::size_t last, const TargetCurveOptions& opt) {
  const std::size_t n = w.size();
  if (z.size() != n || first >= last || last >= n) throw InvalidInput("target curve: bad window");
  if (!(opt.correction >= 0 && opt.correction <= 1))
    throw InvalidInput("correction fraction must lie in [0, 1], got " + std::to_string(opt.correction));
  if (!(opt.smoothness_mm >= 1 && opt.smoothness_mm <= 50))
    throw InvalidInput("smoothness must lie in [1, 50] mm, got " + std::to_string(opt.smoothness_mm));
  TargetCurve out;
  out.target = w;
  out.fill_mm.assign(n, 0.0);
  out.first = first;
  out.last = last;
  if (last - first < 2) return out;

  // Concave envelope over the window.
  std::vector<double> env(w);
  const auto hull = upper_hull(z, w, first, last);
  for (std::size_t k = 0; k + 1 < hull.size(); ++k)
    for (std::size_t i = hull[k]; i <= hull[k + 1]; ++i) {
      const double t = (z[i] - z[hull[k]]) / (z[hull[k + 1]] - z[hull[k]]);
      env[i] = w[hull[k]] + t * (w[hull[k + 1]] - w[hull[k]]);
    }

  // Unknowns: samples first+1 .. last-1. Second differences are taken from first-1 .. last+1,
  // with samples outside the unknowns fixed to the silhouette (two beyond each end where they
  // exist), which matches position and slope at the window ends.
  const auto m = static_cast<Eigen::Index>(last - first - 1);
  const double h = z[first + 1] - z[first];
  const double lambda = std::pow(opt.smoothness_mm / h, 4);
  Eigen::MatrixXd Q = Eigen::MatrixXd::Identity(m, m);
  Eigen::VectorXd c(m);
  for (Eigen::Index k = 0; k < m; ++k) c[k] = env[first + 1 + static_cast<std::size_t>(k)];
  auto var = [&](long long i) -> Eigen::Index { return static_cast<Eigen::Index>(i - static_cast<long long>(first) - 1); };
  const long long lo = std::max<long long>(1, static_cast<long long>(first) - 1);
  const long long hi = std::min<long long>(static_cast<long long>(n) - 2, static_cast<long long>(last) + 1);
  for (long long i = lo; i <= hi; ++i) {
    const long long idx[3] = {i - 1, i, i + 1};
    const double coef[3] = {1, -2, 1};
    // Row of the second difference: sum coef_j t_{idx_j}; fixed samples move to the right side.
    double fixed = 0;
    for (int j = 0; j < 3; ++j) {
      const Eigen::Index v = var(idx[j]);
      if (v < 0 || v >= m) fixed += coef[j] * w[static_cast<std::size_t>(idx[j])];
    }
    for (int a = 0; a < 3; ++a) {
      const Eigen::Index va = var(idx[a]);
      if (va < 0 || va >= m) continue;
      c[va] -= lambda * coef[a] * fixed;
      for (int b = 0; b < 3; ++b) {
        const Eigen::Index vb = var(idx[b]);
        if (vb < 0 || vb >= m) continue;
        Q(va, vb) += lambda * coef[a] * coef[b];
      }
    }
  }
  Eigen::VectorXd lower(m);
  for (Eigen::Index k = 0; k < m; ++k) lower[k] = w[first + 1 + static_cast<std::size_t>(k)];

  // Primal active-set method for  min 1/2 t'Qt - c't  s.t. t >= lower.
  std::vector<char> active(static_cast<std::size_t>(m), 0);
  Eigen::VectorXd t(m);
  const int max_iter = static_cast<int>(4 * m + 20);
  int iter = 0;
  for (; iter < max_iter; ++iter) {
    std::vector<Eigen::Index> free_idx;
    for (Eigen::Index k = 0; k < m; ++k)
      if (!active[k]) free_idx.push_back(k);
    for (Eigen::Index k = 0; k < m; ++k)
      if (active[k]) t[k] = lower[k];
    if (!free_idx.empty()) {
      const auto nf = static_cast<Eigen::Index>(free_idx.size());
      Eigen::MatrixXd Qf(nf, nf);
      Eigen::VectorXd rhs(nf);
      for (Eigen::Index a = 0; a < nf; ++a) {
        rhs[a] = c[free_idx[a]];
        for (Eigen::Index k = 0; k < m; ++k)
          if (active[k]) rhs[a] -= Q(free_idx[a], k) * lower[k];
        for (Eigen::Index b = 0; b < nf; ++b) Qf(a, b) = Q(free_idx[a], free_idx[b]);
      }
      const Eigen::VectorXd tf = Qf.ldlt().solve(rhs);
      for (Eigen::Index a = 0; a < nf; ++a) t[free_idx[a]] = tf[a];
    }
    // Add every violated bound; otherwise release the bound with the most negative multiplier.
    bool changed = false;
    for (Eigen::Index k = 0; k < m; ++k)
      if (!active[k] && t[k] < lower[k] - 1e-9) active[k] = 1, changed = true;
    if (changed) continue;
    const Eigen::VectorXd grad = Q * t - c;  // multipliers of active bounds
    Eigen::Index worst = -1;
    double most = -1e-9;
    for (Eigen::Index k = 0; k < m; ++k)
      if (active[k] && grad[k] < most) most = grad[k], worst = k;
    if (worst < 0) break;
    active[worst] = 0;
  }
  if (iter >= max_iter) throw SolverError("target curve: active-set QP did not converge in " + std::to_string(max_iter) + " iterations");
  out.solver_iterations = iter + 1;
  for (Eigen::Index k = 0; k < m; ++k) {
    const std::size_t i = first + 1 + static_cast<std::size_t>(k);
    const double full = std::max(t[k], w[i]);
    out.target[i] = w[i] + opt.correction * (full - w[i]);
    out.fill_mm[i] = out.target[i] - w[i];
  }
  return out;
}

}  // namespace contour
