#pragma once
// Calibration: the retention a clinic actually measured on its follow-ups, in place of the
// literature's 30-70 % resorption (docs/followup.md, "Calibration").
#include "contour/followup/measure_followup.hpp"
#include "contour/graft/plan_graft.hpp"

#include <map>
#include <string>
#include <vector>

namespace contour {

/// One side's measured retention from one follow-up.
struct RetentionSample {
  double retention = 0;     ///< gained / injected
  std::string processing;   ///< "centrifugation", ... (from the plan)
  std::string side;         ///< "left" / "right"
  std::string source;       ///< the follow-up JSON it came from
  double months_after_surgery = 0;  ///< 0 = unknown
};

/// Distribution of retention.
struct RetentionStats {
  int n = 0;
  double mean = 0, sd = 0;      ///< sd: sample standard deviation (n - 1)
  double low_90 = 0, high_90 = 0;  ///< 90 % interval of a patient's retention: the 5th and 95th
                                   ///< percentiles when n >= 20, else mean +- 1.645 sd
  double min = 0, max = 0;
};

struct Calibration {
  RetentionStats pooled;
  std::map<std::string, RetentionStats> by_processing;
  std::map<std::string, RetentionStats> by_side;  ///< "left", "right"
  std::vector<std::string> sources;  ///< follow-up files
  std::string path;                  ///< where it was loaded from (empty when computed)
};

struct CalibrationOptions {
  int min_samples = 5;                 ///< fewer sides with a retention than this: refused
  double min_months_after_surgery = 0; ///< follow-ups known to be earlier are left out (0 = keep all)
};

/// Statistics of the samples. Throws InvalidInput when fewer than min_samples remain.
[[nodiscard]] Calibration calibrate_retention(const std::vector<RetentionSample>& samples,
                                              const CalibrationOptions& options = {});

/// Reads the sides' retention from a follow-up JSON written by `contour followup`. Throws
/// IoError / InvalidInput naming the file and the field.
[[nodiscard]] std::vector<RetentionSample> load_followup_retention(const std::string& path);

/// JSON text of a calibration (schema libcontour.calibration/1, docs/followup.md).
[[nodiscard]] std::string calibration_to_json_text(const Calibration& calibration);
/// Reads a calibration file. Throws IoError / InvalidInput naming the file and the field.
[[nodiscard]] Calibration load_calibration(const std::string& path);

/// The graft options' resorption point and range from the calibration for the options'
/// processing method (pooled when that method has fewer than min_samples): resorption =
/// 1 - mean retention, range = 1 - the retention's 90 % interval (clamped to [0, 0.95)). Sets
/// resorption_source to say so; per-side overrides are cleared.
void apply_calibration(GraftOptions& options, const Calibration& calibration, int min_samples = 5);

}  // namespace contour
