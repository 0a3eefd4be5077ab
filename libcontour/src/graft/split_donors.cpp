#include "contour/graft/split_donors.hpp"

#include "contour/core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <tuple>

namespace contour {

namespace {

// A donor unit is what opens or stays closed as one: a single site, or both sides of a pair
// whose capacities are equal (so that they are always harvested alike).
struct Unit {
  std::vector<std::size_t> members;  // indices into the catalog-sorted site list
  double cap_site = 0.0;             // capacity per member site, mL
  int priority = 1;
  [[nodiscard]] double size() const { return static_cast<double>(members.size()); }
};

bool nearly_equal(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max(1.0, std::max(std::abs(a), std::abs(b)));
}

std::string number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// Units over the sites whose capacity is at least `floor_ml` (and positive).
std::vector<Unit> make_units(const std::vector<DonorSite>& sites, double floor_ml) {
  std::vector<Unit> units;
  std::vector<bool> used(sites.size(), false);
  auto usable = [&](std::size_t i) { return sites[i].capacity_ml > 0.0 && sites[i].capacity_ml >= floor_ml; };
  for (std::size_t i = 0; i < sites.size(); ++i) {
    if (used[i] || !usable(i)) continue;
    used[i] = true;
    Unit unit{{i}, sites[i].capacity_ml, sites[i].priority};
    const std::string& partner = find_donor_site(sites[i].name)->partner;
    for (std::size_t j = i + 1; j < sites.size() && !partner.empty(); ++j) {
      if (sites[j].name != partner || used[j] || !usable(j)) continue;
      if (sites[j].priority == sites[i].priority && nearly_equal(sites[j].capacity_ml, sites[i].capacity_ml)) {
        used[j] = true;
        unit.members.push_back(j);
        // Equal within rounding: take the smaller so neither side can exceed its capacity.
        unit.cap_site = std::min(unit.cap_site, sites[j].capacity_ml);
      }
    }
    units.push_back(unit);
  }
  return units;
}

// Per-site amount for each unit of one priority level so that the level gives `target` mL:
// x = max(m, t * cap) with the same t in [0, 1] for every unit. Caller guarantees
// sum(size * m) <= target <= sum(size * cap).
void fill_level(const std::vector<Unit>& units, const std::vector<std::size_t>& level, double m,
                double target, std::vector<double>& x) {
  std::vector<std::size_t> order = level;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return units[a].cap_site > units[b].cap_site; });
  // With the units sorted by capacity, those above the floor (t * cap >= m) are a prefix; find
  // the prefix length j whose t is consistent with it.
  double t = -1.0;
  for (std::size_t j = order.size(); j >= 1; --j) {
    double cap_sum = 0.0, min_sum = 0.0;
    for (std::size_t k = 0; k < order.size(); ++k) {
      if (k < j) cap_sum += units[order[k]].size() * units[order[k]].cap_site;
      else min_sum += units[order[k]].size() * m;
    }
    const double tj = (target - min_sum) / cap_sum;
    const double tol = 1e-12;
    const bool last_free = tj * units[order[j - 1]].cap_site >= m * (1.0 - tol);
    const bool next_floored = j == order.size() || tj * units[order[j]].cap_site <= m * (1.0 + tol);
    if (last_free && next_floored && tj >= 0.0) {
      t = std::min(tj, 1.0);
      break;
    }
  }
  if (t < 0.0) t = 0.0;  // target equals the sum of minimums: every unit sits at its floor
  for (std::size_t u : level) x[u] = std::min(units[u].cap_site, std::max(m, t * units[u].cap_site));
}

struct Score {
  double shortfall = 0.0;
  std::vector<double> level_amount;  // mL per priority level, ascending priority number
  double opened = 0.0;               // sites opened
  double capacity = 0.0;             // capacity of the open set
};

// -1 if a is better than b, +1 if worse, 0 if tied within `tol`.
int compare(const Score& a, const Score& b, double tol) {
  if (a.shortfall < b.shortfall - tol) return -1;
  if (a.shortfall > b.shortfall + tol) return 1;
  for (std::size_t p = 0; p < a.level_amount.size(); ++p) {
    if (a.level_amount[p] > b.level_amount[p] + tol) return -1;
    if (a.level_amount[p] < b.level_amount[p] - tol) return 1;
  }
  if (a.opened > b.opened) return -1;
  if (a.opened < b.opened) return 1;
  if (a.capacity > b.capacity + tol) return -1;
  if (a.capacity < b.capacity - tol) return 1;
  return 0;
}

}  // namespace

DonorSplit split_donors(const std::vector<DonorSite>& input_sites, double required_ml,
                        const DonorSplitOptions& options) {
  validate_donor_sites(input_sites, "donor split");
  if (!std::isfinite(required_ml) || required_ml < 0.0)
    throw InvalidInput("donor split: required_ml must be finite and >= 0, got " + number(required_ml));
  const double m = options.min_site_aspirate_ml;
  if (!std::isfinite(m) || m < 0.0)
    throw InvalidInput("donor split: min_site_aspirate_ml must be finite and >= 0, got " + number(m));

  std::vector<DonorSite> sites = input_sites;
  std::stable_sort(sites.begin(), sites.end(), [](const DonorSite& a, const DonorSite& b) {
    return donor_site_index(a.name) < donor_site_index(b.name);
  });

  DonorSplit split;
  split.required_ml = required_ml;
  for (const auto& site : sites) {
    split.sites.push_back({site.name, find_donor_site(site.name)->side, 0.0, site.capacity_ml, site.priority});
    if (site.capacity_ml > 0.0 && site.capacity_ml >= m) split.openable_capacity_ml += site.capacity_ml;
  }
  const double N = required_ml;
  const double tol = 1e-9 * std::max(1.0, N);

  auto finish = [&]() {
    split.allocated_ml = 0.0;
    for (const auto& a : split.sites) split.allocated_ml += a.aspirate_ml;
    split.shortfall_ml = std::max(0.0, N - split.allocated_ml);
    if (split.shortfall_ml <= tol) split.shortfall_ml = 0.0;  // rounding, not a missing amount
    return split;
  };
  if (N <= 0.0) return finish();

  const std::vector<Unit> units = make_units(sites, m);
  std::vector<int> levels;
  for (const auto& u : units)
    if (std::find(levels.begin(), levels.end(), u.priority) == levels.end()) levels.push_back(u.priority);
  std::sort(levels.begin(), levels.end());
  auto level_of = [&](const Unit& u) {
    return static_cast<std::size_t>(std::find(levels.begin(), levels.end(), u.priority) - levels.begin());
  };

  // Exhaustive search over open sets. At most 12 sites, so at most 4096 candidates.
  const std::size_t k = units.size();
  std::uint32_t best_mask = 0;
  Score best;
  best.shortfall = N;
  best.level_amount.assign(levels.size(), 0.0);
  for (std::uint32_t mask = 1; mask < (1u << k); ++mask) {
    double min_sum = 0.0, cap_sum = 0.0;
    std::vector<double> level_min(levels.size(), 0.0), level_extra(levels.size(), 0.0);
    double opened_sites = 0.0;
    for (std::size_t u = 0; u < k; ++u) {
      if (!(mask & (1u << u))) continue;
      const Unit& unit = units[u];
      min_sum += unit.size() * m;
      cap_sum += unit.size() * unit.cap_site;
      level_min[level_of(unit)] += unit.size() * m;
      level_extra[level_of(unit)] += unit.size() * (unit.cap_site - m);
      opened_sites += unit.size();
    }
    if (min_sum > N + tol) continue;  // would over-harvest: each open site must give m
    Score score;
    const double total = std::min(N, cap_sum);
    score.shortfall = N - total;
    score.capacity = cap_sum;
    double budget = std::max(0.0, total - min_sum);
    score.level_amount.assign(levels.size(), 0.0);
    for (std::size_t p = 0; p < levels.size(); ++p) {
      const double extra = std::min(budget, level_extra[p]);
      score.level_amount[p] = level_min[p] + extra;
      budget -= extra;
    }
    if (m > 0.0) {
      score.opened = opened_sites;
    } else {
      // With no minimum, a unit of a level that receives nothing stays closed.
      for (std::size_t u = 0; u < k; ++u)
        if ((mask & (1u << u)) && score.level_amount[level_of(units[u])] > 0.0) score.opened += units[u].size();
    }
    if (best_mask == 0 || compare(score, best, tol) < 0) {
      best = score;
      best_mask = mask;
    }
  }
  if (best_mask == 0) {
    // No set of sites can each give the minimum without over-harvesting (the need is below the
    // minimum, or below two minimums and only pairs are left), so the rule cannot apply: one
    // unit supplies the whole need. Preferred: lowest priority number, a single site before a
    // pair (one incision instead of two), larger capacity, catalog order.
    const std::vector<Unit> any_units = make_units(sites, 0.0);
    const Unit* pick = nullptr;
    const auto key = [](const Unit& v) { return std::make_tuple(v.priority, v.members.size(), -v.size() * v.cap_site); };
    for (const auto& u : any_units)
      if (u.size() * u.cap_site >= N && (pick == nullptr || key(u) < key(*pick))) pick = &u;
    if (pick != nullptr) {
      split.below_minimum_exception = true;
      for (std::size_t i : pick->members) split.sites[i].aspirate_ml = N / pick->size();
    }
    return finish();  // otherwise nothing can be opened: the whole need is a shortfall
  }

  // Allocate within the chosen open set: minimums first, then priority by priority.
  std::vector<double> x(k, 0.0);
  for (std::size_t p = 0; p < levels.size(); ++p) {
    std::vector<std::size_t> level;
    for (std::size_t u = 0; u < k; ++u)
      if ((best_mask & (1u << u)) && level_of(units[u]) == p) level.push_back(u);
    if (level.empty()) continue;
    fill_level(units, level, m, best.level_amount[p], x);
  }
  for (std::size_t u = 0; u < k; ++u)
    for (std::size_t i : units[u].members) split.sites[i].aspirate_ml = x[u];
  return finish();
}

}  // namespace contour
