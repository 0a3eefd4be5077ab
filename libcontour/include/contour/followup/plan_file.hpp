#pragma once
// What a follow-up needs from the plan JSON written by `contour plan --json` (schema
// libcontour.plan/1): the volumes injected and how the plan was made.
#include <array>
#include <string>

namespace contour {

struct PlanFileFacts {
  std::string path;
  std::array<double, 2> injected_ml{0, 0};  ///< [left, right], the chosen session's injection, mL
  int session = 1;                          ///< which session the volumes are from (1-based)
  int session_count = 1;                    ///< sessions the plan staged
  std::string processing = "centrifugation";
  double correction = 1.0;                  ///< correction fraction the plan used
  double total_fill_ml = 0;                 ///< the plan's total fill, mL
  long long scan_vertices = -1, scan_faces = -1;  ///< of the planned scan after import (-1 unknown)
  std::string scan_path;
};

/// Reads a plan JSON (a regular file of at most 1 MiB). `session` (1-based) picks the session
/// whose injected volumes are returned; a side with fewer sessions gives 0 mL. Throws IoError /
/// InvalidInput naming the file and the field.
[[nodiscard]] PlanFileFacts load_plan_file(const std::string& path, int session = 1);

}  // namespace contour
