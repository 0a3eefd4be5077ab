#pragma once
// Donor-site catalog: the site names the graft planner knows, their exclusion groups, sides,
// left/right partners and default capacities. No published per-site harvestable volume exists
// (docs/clinical-defaults.md), so every default capacity and priority here is an assumption that
// the clinician replaces with a donors file (load_donors.hpp).
#include "contour/core/side.hpp"

#include <optional>
#include <string>
#include <vector>

namespace contour {

/// One donor site available to a plan.
struct DonorSite {
  std::string name;          ///< catalog name, e.g. "flank_left" (see donor_site_catalog())
  double capacity_ml = 0.0;  ///< raw aspirate (fat + tumescent fluid) the site can give over the
                             ///< whole plan, mL; finite, >= 0
  int priority = 1;          ///< harvest order, 1..9: 1 is used first, 2 only once every usable
                             ///< priority-1 site is full, and so on. Both sides of a pair share it.
};

/// What the planner knows about one site name.
struct DonorSiteInfo {
  std::string name;            ///< e.g. "inner_thigh_left"
  std::string group;           ///< exclusion group, e.g. "inner_thighs"
  std::string partner;         ///< other side of a left/right pair, "" for midline sites
  std::optional<Side> side;  ///< none: a midline site
  double default_capacity_ml;  ///< assumption (docs/clinical-defaults.md), mL of raw aspirate
  int default_priority;        ///< assumption (docs/clinical-defaults.md)
  bool default_enabled;        ///< false for the optional sites: back, outer thighs, knees
};

/// The twelve known sites in their fixed (catalog) order: abdomen, flank_left, flank_right,
/// inner_thigh_left, inner_thigh_right, arm_left, arm_right, back, outer_thigh_left,
/// outer_thigh_right, knee_left, knee_right. Every list of sites the graft module returns is in
/// this order, whatever order the input had.
[[nodiscard]] const std::vector<DonorSiteInfo>& donor_site_catalog();

/// Catalog entry for a site name, or nullptr if the name is not a known site (group names
/// such as "arms" are not sites).
[[nodiscard]] const DonorSiteInfo* find_donor_site(const std::string& name);

/// Position of a site in donor_site_catalog(), or -1 if unknown.
[[nodiscard]] int donor_site_index(const std::string& name);

/// Exclusion group names: abdomen, flanks, inner_thighs, arms, back, outer_thighs, knees.
[[nodiscard]] std::vector<std::string> donor_group_names();

/// The sites enabled by default (abdomen, flanks, inner thighs, arms) with their default
/// capacities and priorities, in catalog order. These are assumptions, shown as such in reports.
[[nodiscard]] std::vector<DonorSite> default_donor_sites();

/// Site names meant by a site or group name ("arms" -> arm_left, arm_right; "flank_left" ->
/// flank_left), in catalog order. Throws InvalidInput naming `context`, the name and the known
/// names if `name` is neither.
[[nodiscard]] std::vector<std::string> expand_donor_name(const std::string& name,
                                                         const std::string& context);

/// Checks a site list: known names, no name twice, capacity finite and >= 0, priority in 1..9,
/// both sides of a pair with the same priority. Throws InvalidInput whose message starts with
/// `context` (e.g. the donors file path) and names the site, the field and the value.
void validate_donor_sites(const std::vector<DonorSite>& sites, const std::string& context);

/// `sites` without those named in `exclude` (site or group names), sorted into catalog order.
/// Names in `exclude` that are known but absent from `sites` are fine. Throws InvalidInput
/// (see expand_donor_name) for an unknown name.
[[nodiscard]] std::vector<DonorSite> exclude_donor_sites(const std::vector<DonorSite>& sites,
                                                         const std::vector<std::string>& exclude,
                                                         const std::string& context);

}  // namespace contour
