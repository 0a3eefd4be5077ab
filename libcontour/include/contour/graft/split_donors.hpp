#pragma once
// Splitting a raw-aspirate requirement across donor sites (docs/graft-plan.md, "Donor split").
#include "contour/graft/donor_sites.hpp"

#include <string>
#include <vector>

namespace contour {

struct DonorSplitOptions {
  /// A site is not opened for less than this much raw aspirate, mL; finite, >= 0. Assumption
  /// (docs/clinical-defaults.md): below about 50 mL an extra incision and cannula pass is not
  /// worth the fat it gives.
  double min_site_aspirate_ml = 50.0;
};

/// Raw aspirate taken from one site.
struct DonorAllocation {
  std::string site;                   ///< catalog name
  std::optional<Side> side;  ///< none: a midline site
  double aspirate_ml = 0.0;           ///< raw aspirate harvested here, mL (0 = site not opened)
  double capacity_ml = 0.0;           ///< capacity the split could use at this site, mL
  int priority = 1;
};

struct DonorSplit {
  std::vector<DonorAllocation> sites;  ///< one per input site, catalog order, unopened ones with 0
  double required_ml = 0.0;            ///< raw aspirate asked for, mL
  double allocated_ml = 0.0;           ///< sum of sites[i].aspirate_ml, mL
  double shortfall_ml = 0.0;           ///< required_ml - allocated_ml (>= 0), mL
  double openable_capacity_ml = 0.0;   ///< total capacity of the sites large enough to open, mL
  /// The whole requirement was below the minimum per site, so one donor unit (one site, or both
  /// sides of a symmetric pair) supplied it and the minimum could not apply.
  bool below_minimum_exception = false;
};

/// Splits `required_ml` of raw aspirate across `sites` (already filtered by exclusions).
///
/// Properties (each proved by tests/graft/split_donors_test.cpp):
///  - 0 <= aspirate <= capacity at every site, and the sum never exceeds `required_ml`;
///  - allocated + shortfall = required, shortfall >= 0;
///  - every opened site gives at least `min_site_aspirate_ml`, except when the whole requirement
///    is below it (below_minimum_exception);
///  - the two sides of a pair with equal capacity (and, always, equal priority) give equal
///    amounts;
///  - shortfall is the smallest possible under these rules: zero whenever some choice of open
///    sites admits the requirement, and at least required - openable capacity;
///  - priorities: a site of priority p gives more than its minimum only when every open site of
///    a lower priority number is full;
///  - deterministic: the result depends on the set of sites, not their order.
/// Method: exact enumeration of the open set (at most 2^12 subsets of donor units), lexicographic
/// objective (shortfall, then amount per priority, then more open sites, then capacity); within
/// the open set, each site's minimum is reserved and the rest filled priority by priority. Within
/// one priority every open site gives the same fraction of its capacity ("even thinning"),
/// raised to the minimum where that fraction would fall below it.
/// Throws InvalidInput for a bad site list (validate_donor_sites), a required_ml that is negative
/// or not finite, or a bad minimum.
[[nodiscard]] DonorSplit split_donors(const std::vector<DonorSite>& sites, double required_ml,
                                      const DonorSplitOptions& options = {});

}  // namespace contour
