#pragma once
// Follow-up: how much of the injected graft stayed. The follow-up scan is registered rigidly to
// the pre-operative one on the parts that did not change, then the volume gained over each
// treated hip is measured between the two surfaces (docs/followup.md).
#include "contour/followup/register_scans.hpp"
#include "contour/plan/run_plan.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace contour {

struct FollowupOptions {
  RegistrationOptions registration;
  /// Skin within this distance of the planned fill is left out of the registration, mm (0-200):
  /// the graft, its spread and swelling change it.
  double treated_margin_mm = 40.0;
  /// The gain is measured over the planned fill region widened by this, mm (0-100), so that
  /// graft that spread beyond the plan is counted.
  double measure_margin_mm = 15.0;
  /// Farthest the follow-up skin is looked for along each measuring ray, mm (5-200).
  double reach_mm = 60.0;
  /// Registration residual above which the result is warned about, mm (> 0): posture, swelling
  /// or a different shape of the unchanged parts. Scanners agree to about 1 mm on a mannequin
  /// and 1-2 mm on a person (docs/followup.md).
  double rms_warning_mm = 2.0;
  /// Residual above which the scans are refused as not the same body, mm (> rms_warning_mm).
  double rms_refuse_mm = 6.0;
  /// Fewer than this fraction of the fixed-part points finding the other surface: refused.
  double min_overlap = 0.5;
  /// Heights differing by more than this fraction: warned (another person, or a crop).
  double height_warning_fraction = 0.03;
  /// Measuring rays that found no follow-up skin over more than this fraction of the measured
  /// area: warned (a hole in the follow-up scan over the hip).
  double missing_warning_fraction = 0.05;
  /// Residual assumed for the noise term of the gain's uncertainty when the registration's RMS
  /// is smaller, mm (>= 0): two scans of a person never agree better than this, so an exact
  /// copy does not get a zero uncertainty. Our assumption, not a published figure.
  double min_residual_mm = 0.5;
  /// Months since the surgery, if known (> 0); under 3 the plan warns about swelling.
  std::optional<double> months_after_surgery;
};
/// Throws InvalidInput naming the field when an option is out of range (or NaN).
void validate(const FollowupOptions& options);

struct SideFollowup {
  Side side = Side::Left;
  double planned_fill_ml = 0;    ///< the plan's fill (full correction of the plan), mL
  double injected_ml = 0;        ///< from the plan or the surgeon, mL
  double gained_ml = 0;          ///< volume gained over the measured region (prism method), mL
  double gained_section_ml = 0;  ///< the same by cross-sections (independent check), mL
  double gained_sd_ml = 0;       ///< one standard deviation of gained_ml (registration + noise), mL
  double measured_area_mm2 = 0;  ///< skin area the gain was measured over
  double missing_area_mm2 = 0;   ///< part of it where the follow-up skin was not found
  bool has_retention = false;    ///< false when nothing was injected
  double retention = 0;          ///< gained / injected
  double retention_sd = 0;       ///< gained_sd / injected
  double retention_low = 0, retention_high = 0;  ///< 90 % interval (normal, +-1.645 sd)
};

struct RegionFollowup {
  std::string name;
  Side side = Side::Left;
  double planned_fill_ml = 0;
  double gained_ml = 0, gained_section_ml = 0;
};

/// Volume change over one donor site (post - pre; negative = lost, as after liposuction).
struct DonorFollowup {
  std::string name;              ///< "abdomen", "flank_left", "flank_right", "inner_thigh_left", "inner_thigh_right"
  double change_ml = 0;          ///< thin-shell volume: sum of skin area x distance along the normal, mL
  double change_sd_ml = 0;       ///< one standard deviation (registration + noise), mL
  double area_mm2 = 0;           ///< skin area measured
  double missing_area_mm2 = 0;   ///< part of it where the follow-up skin was not found
};

struct FollowupResult {
  Registration registration;
  std::array<SideFollowup, 2> sides;  ///< [left, right]
  std::vector<RegionFollowup> regions;
  std::vector<DonorFollowup> donors;  ///< the donor sites outside the treated hips (may be empty on a crop)
  double pre_height_mm = 0, post_height_mm = 0;
  std::optional<double> months_after_surgery;
  std::vector<std::string> warnings;
  /// Per pre-operative surface vertex (plan.geometry.surface.before): signed distance to the
  /// follow-up skin along the measuring direction, mm (post - pre; NaN where not measured).
  std::vector<double> difference_mm;
  /// The follow-up's lateral half-widths, moved into the pre-operative frame, at the heights of
  /// the plan's silhouette (plan.geometry.silhouette.z): [left, right], mm (NaN where the
  /// follow-up has no contour there).
  std::array<std::vector<double>, 2> post_width_mm;
};

/// Measures the follow-up. `pre` is the plan of the pre-operative scan (its geometry gives the
/// treated regions), `post` the imported follow-up scan, `injected_ml` [left, right] what was
/// injected. Throws InvalidInput when the scans cannot be registered or do not match (a
/// residual above rms_refuse_mm or too little overlap: "a different person or posture").
[[nodiscard]] FollowupResult measure_followup(const PlanResult& pre, const ImportedScan& post,
                                              const std::array<double, 2>& injected_ml,
                                              const FollowupOptions& options = {});

}  // namespace contour
