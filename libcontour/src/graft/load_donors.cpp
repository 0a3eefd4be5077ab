#include "contour/graft/load_donors.hpp"

#include "contour/core/errors.hpp"
#include "contour/io/read_side_file.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace contour {

namespace {

using nlohmann::json;

bool is_comment_key(const std::string& key) { return !key.empty() && key[0] == '_'; }

// A value as it appeared, shortened, for error messages.
std::string shown(const json& value) {
  std::string s = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

const char* type_name(const json& value) { return value.type_name(); }

DonorSite parse_site(const json& entry, std::size_t index, const std::string& source) {
  std::string where = source + ": sites[" + std::to_string(index) + "]";
  if (!entry.is_object())
    throw InvalidInput(where + ": must be an object {\"site\", \"capacity_ml\", \"priority\"}, got " +
                       type_name(entry) + " " + shown(entry));
  for (const auto& item : entry.items()) {
    const std::string& key = item.key();
    if (key != "site" && key != "capacity_ml" && key != "priority" && key != "note" && !is_comment_key(key))
      throw InvalidInput(where + ": unknown key \"" + key + "\" (expected site, capacity_ml, priority, note)");
  }
  if (!entry.contains("site")) throw InvalidInput(where + ": missing \"site\" (a donor site name)");
  const json& name = entry.at("site");
  if (!name.is_string())
    throw InvalidInput(where + ": site must be a string, got " + type_name(name) + " " + shown(name));
  DonorSite site;
  site.name = name.get<std::string>();
  where += " \"" + site.name + "\"";

  // Unknown names are reported before the other fields so that a typo reads as a typo.
  const DonorSiteInfo* info = find_donor_site(site.name);
  if (info == nullptr) {
    validate_donor_sites({site}, source + ": sites[" + std::to_string(index) + "]");  // throws
  }

  if (!entry.contains("capacity_ml"))
    throw InvalidInput(where + ": missing capacity_ml (raw aspirate available at the site, mL)");
  const json& capacity = entry.at("capacity_ml");
  if (!capacity.is_number())
    throw InvalidInput(where + ": capacity_ml must be a number (mL), got " + type_name(capacity) + " " +
                       shown(capacity));
  site.capacity_ml = capacity.get<double>();

  site.priority = info->default_priority;
  if (entry.contains("priority")) {
    const json& priority = entry.at("priority");
    if (!priority.is_number_integer())
      throw InvalidInput(where + ": priority must be an integer in 1..9, got " + type_name(priority) + " " +
                         shown(priority));
    const long long p = priority.is_number_unsigned() ? static_cast<long long>(std::min<std::uint64_t>(
                                                            priority.get<std::uint64_t>(), 1000))
                                                      : priority.get<long long>();
    if (p < 1 || p > 9) throw InvalidInput(where + ": priority must be an integer in 1..9, got " + shown(priority));
    site.priority = static_cast<int>(p);
  }
  if (entry.contains("note") && !entry.at("note").is_string())
    throw InvalidInput(where + ": note must be a string, got " + type_name(entry.at("note")));

  validate_donor_sites({site}, source + ": sites[" + std::to_string(index) + "]");
  return site;
}

}  // namespace

DonorsFile parse_donors(const std::string& text, const std::string& source) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number such as 1e999
    throw InvalidInput(source + ": malformed JSON: " + e.what());
  }
  if (!doc.is_object())
    throw InvalidInput(source + ": the top level must be a JSON object with \"sites\", got " + type_name(doc));
  for (const auto& item : doc.items())
    if (item.key() != "sites" && item.key() != "exclude" && !is_comment_key(item.key()))
      throw InvalidInput(source + ": unknown key \"" + item.key() + "\" (expected sites, exclude)");

  if (!doc.contains("sites"))
    throw InvalidInput(source + ": missing \"sites\" (an array of {\"site\", \"capacity_ml\", \"priority\"})");
  const json& sites = doc.at("sites");
  if (!sites.is_array()) throw InvalidInput(source + ": sites must be an array, got " + type_name(sites));
  if (sites.empty()) throw InvalidInput(source + ": sites is empty; list at least one donor site");

  DonorsFile out;
  for (std::size_t i = 0; i < sites.size(); ++i) out.sites.push_back(parse_site(sites[i], i, source));
  validate_donor_sites(out.sites, source);  // duplicates and pair priorities
  std::stable_sort(out.sites.begin(), out.sites.end(), [](const DonorSite& a, const DonorSite& b) {
    return donor_site_index(a.name) < donor_site_index(b.name);
  });

  if (doc.contains("exclude")) {
    const json& exclude = doc.at("exclude");
    if (!exclude.is_array())
      throw InvalidInput(source + ": exclude must be an array of site or group names, got " + type_name(exclude));
    for (std::size_t i = 0; i < exclude.size(); ++i) {
      const std::string where = source + ": exclude[" + std::to_string(i) + "]";
      if (!exclude[i].is_string())
        throw InvalidInput(where + ": must be a string, got " + type_name(exclude[i]) + " " + shown(exclude[i]));
      const std::string name = exclude[i].get<std::string>();
      (void)expand_donor_name(name, where);
      out.exclude.push_back(name);
    }
  }
  return out;
}

DonorsFile load_donors(const std::string& path) {
  return parse_donors(read_side_file(path, "donors file"), path);
}

}  // namespace contour
