#include "contour/graft/donor_sites.hpp"

#include "contour/core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace contour {

namespace {

// Default capacities and priorities are assumptions: no publication gives a harvestable volume
// per site (clinical-parameters.md, "Donor sites"). The reasoning for each number is in
// docs/clinical-defaults.md. Abdomen and flanks come first because harvesting them also
// narrows the waist above the hip; inner thighs next (Padoin et al., PRS 2008;122:614: lower
// abdomen and inner thigh may give higher cell concentrations); arms and knees last (small
// volumes, visible irregularities). Back, outer thighs and knees are optional: off by default.
std::vector<DonorSiteInfo> make_catalog() {
  return {
      {"abdomen", "abdomen", "", std::nullopt, 1000.0, 1, true},
      {"flank_left", "flanks", "flank_right", Side::Left, 400.0, 1, true},
      {"flank_right", "flanks", "flank_left", Side::Right, 400.0, 1, true},
      {"inner_thigh_left", "inner_thighs", "inner_thigh_right", Side::Left, 250.0, 2, true},
      {"inner_thigh_right", "inner_thighs", "inner_thigh_left", Side::Right, 250.0, 2, true},
      {"arm_left", "arms", "arm_right", Side::Left, 200.0, 3, true},
      {"arm_right", "arms", "arm_left", Side::Right, 200.0, 3, true},
      {"back", "back", "", std::nullopt, 500.0, 2, false},
      {"outer_thigh_left", "outer_thighs", "outer_thigh_right", Side::Left, 400.0, 3, false},
      {"outer_thigh_right", "outer_thighs", "outer_thigh_left", Side::Right, 400.0, 3, false},
      {"knee_left", "knees", "knee_right", Side::Left, 100.0, 3, false},
      {"knee_right", "knees", "knee_left", Side::Right, 100.0, 3, false},
  };
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

std::string format_number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

}  // namespace

const std::vector<DonorSiteInfo>& donor_site_catalog() {
  static const std::vector<DonorSiteInfo> catalog = make_catalog();
  return catalog;
}

int donor_site_index(const std::string& name) {
  const auto& catalog = donor_site_catalog();
  for (std::size_t i = 0; i < catalog.size(); ++i)
    if (catalog[i].name == name) return static_cast<int>(i);
  return -1;
}

const DonorSiteInfo* find_donor_site(const std::string& name) {
  const int i = donor_site_index(name);
  return i < 0 ? nullptr : &donor_site_catalog()[static_cast<std::size_t>(i)];
}

std::vector<std::string> donor_group_names() {
  std::vector<std::string> groups;
  for (const auto& info : donor_site_catalog())
    if (std::find(groups.begin(), groups.end(), info.group) == groups.end())
      groups.push_back(info.group);
  return groups;
}

std::vector<DonorSite> default_donor_sites() {
  std::vector<DonorSite> sites;
  for (const auto& info : donor_site_catalog())
    if (info.default_enabled) sites.push_back({info.name, info.default_capacity_ml, info.default_priority});
  return sites;
}

std::vector<std::string> expand_donor_name(const std::string& name, const std::string& context) {
  std::vector<std::string> out;
  for (const auto& info : donor_site_catalog())
    if (info.name == name || info.group == name) out.push_back(info.name);
  if (out.empty()) {
    std::vector<std::string> sites;
    for (const auto& info : donor_site_catalog()) sites.push_back(info.name);
    throw InvalidInput(context + ": unknown donor site or group \"" + name + "\"; sites: " +
                       join(sites) + "; groups: " + join(donor_group_names()));
  }
  return out;
}

void validate_donor_sites(const std::vector<DonorSite>& sites, const std::string& context) {
  std::set<std::string> seen;
  for (const auto& site : sites) {
    const std::string where = context + ": site \"" + site.name + "\"";
    if (find_donor_site(site.name) == nullptr) {
      const auto groups = donor_group_names();
      if (std::find(groups.begin(), groups.end(), site.name) == groups.end())
        (void)expand_donor_name(site.name, context);  // throws, listing the known names
      // A group is not a site: capacities are per site, so each side gets its own entry.
      throw InvalidInput(where + " is a group, not a site; give each of its sites (" +
                         join(expand_donor_name(site.name, context)) + ") its own capacity_ml");
    }
    if (!seen.insert(site.name).second) throw InvalidInput(where + ": listed twice");
    if (!std::isfinite(site.capacity_ml) || site.capacity_ml < 0.0)
      throw InvalidInput(where + ": capacity_ml must be >= 0, got " + format_number(site.capacity_ml));
    if (site.priority < 1 || site.priority > 9)
      throw InvalidInput(where + ": priority must be an integer in 1..9, got " + std::to_string(site.priority));
  }
  for (const auto& site : sites) {
    const DonorSiteInfo* info = find_donor_site(site.name);
    if (info->partner.empty() || info->side != Side::Left) continue;
    for (const auto& other : sites) {
      if (other.name != info->partner || other.priority == site.priority) continue;
      // Symmetric harvest keeps the donor contour symmetric; an asymmetric exam is expressed
      // through capacity_ml or by excluding one side, not through the harvest order.
      throw InvalidInput(context + ": sites \"" + site.name + "\" (priority " + std::to_string(site.priority) +
                         ") and \"" + other.name + "\" (priority " + std::to_string(other.priority) +
                         ") form a pair and must share a priority; express a difference through "
                         "capacity_ml or exclude one side");
    }
  }
}

std::vector<DonorSite> exclude_donor_sites(const std::vector<DonorSite>& sites,
                                           const std::vector<std::string>& exclude,
                                           const std::string& context) {
  std::set<std::string> excluded;
  for (const auto& name : exclude)
    for (const auto& site : expand_donor_name(name, context)) excluded.insert(site);
  std::vector<DonorSite> kept;
  for (const auto& site : sites)
    if (excluded.count(site.name) == 0) kept.push_back(site);
  std::stable_sort(kept.begin(), kept.end(), [](const DonorSite& a, const DonorSite& b) {
    return donor_site_index(a.name) < donor_site_index(b.name);
  });
  return kept;
}

}  // namespace contour
