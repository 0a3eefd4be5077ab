#pragma once
// Reading donor-site capacities and preferences from a donors JSON file (data/donors.example.json,
// format in docs/graft-plan.md).
#include "contour/graft/donor_sites.hpp"

#include <string>
#include <vector>

namespace contour {

/// The contents of a donors file.
struct DonorsFile {
  /// The sites the clinician listed, catalog order. Only these are harvested: a site left out of
  /// the file is not available (its default capacity is not used).
  std::vector<DonorSite> sites;
  /// Site or group names to leave out (e.g. "arms"), as written; checked against the catalog.
  std::vector<std::string> exclude;
};

/// Parses donors JSON text:
///   { "sites": [ {"site": "abdomen", "capacity_ml": 900, "priority": 1}, ... ],
///     "exclude": ["arms"] }
/// `sites` is required and non-empty; each entry needs `site` (a catalog site name) and
/// `capacity_ml` (number >= 0); `priority` (integer 1..9) defaults to the catalog's; `note` is
/// free text. `exclude` is optional. Keys starting with '_' are comments and ignored; any other
/// unknown key is an error. Throws InvalidInput whose message starts with `source` and names the
/// entry, field and value (malformed JSON, wrong types, missing or negative capacity, unknown
/// site, a site listed twice, pair priorities that differ).
[[nodiscard]] DonorsFile parse_donors(const std::string& text, const std::string& source);

/// Reads and parses a donors file with read_side_file (a regular file of at most
/// side_file_max_bytes, 1 MiB; a FIFO or device is refused without blocking). Throws IoError
/// naming the path if it cannot be read, else as parse_donors with the path as `source`.
[[nodiscard]] DonorsFile load_donors(const std::string& path);

}  // namespace contour
