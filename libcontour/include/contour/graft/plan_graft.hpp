#pragma once
// Graft plan: from the fill volume per side to the volume to inject (with the resorption range),
// the raw aspirate to harvest, the sessions, the donor-site split and the safety warnings.
// Method, formulas and worked examples: docs/graft-plan.md. Defaults and their sources:
// docs/clinical-defaults.md.
#include "contour/graft/donor_sites.hpp"
#include "contour/graft/split_donors.hpp"

#include <optional>
#include <string>
#include <vector>

namespace contour {

/// How the raw lipoaspirate is processed before injection; sets the default yield.
enum class ProcessingMethod { centrifugation, decantation, filtration };

/// "centrifugation", "decantation" or "filtration".
[[nodiscard]] const char* processing_method_name(ProcessingMethod method);

/// Parses one of the names above (exact, lower case). Throws InvalidInput naming `context`
/// and the value otherwise.
[[nodiscard]] ProcessingMethod parse_processing_method(const std::string& name, const std::string& context);

/// Default yield (injectable graft volume per volume of raw aspirate) of a method:
/// centrifugation 0.55 (Ann Plast Surg decantation-time study: decanting then centrifuging at
/// 3000 rpm for 5 min left about 55 % of the raw aspirate as fat); decantation 0.50 (assumption:
/// the canister is about half tumescent fluid, half fat); filtration 0.55 (assumption: no
/// published volume yield; filtration concentrates about as well as centrifugation, 85.6 % fat
/// content in Gabriel et al.). See docs/clinical-defaults.md.
[[nodiscard]] double default_processing_yield(ProcessingMethod method);

struct GraftOptions {
  /// Planning point for resorption (fraction of the injected volume lost in the first year),
  /// both sides; [0, 0.95). 0.5: the middle of the 30-70 % quoted to patients, close to the
  /// pooled 47 % retention of Lv et al. 2021 and 46 % of Ørholt et al. (no hip-specific figure).
  double resorption = 0.5;
  /// Per-side planning points overriding `resorption`; [0, 0.95) (e.g. poorer take over a
  /// tethered trochanter on one side).
  std::optional<double> resorption_left;
  std::optional<double> resorption_right;
  /// Expected resorption range, 0 <= low <= high < 0.95: "30-70 % of the injected fat is resorbed
  /// in the first year", the range commonly quoted (clinical-parameters.md, Retention).
  double resorption_low = 0.30;
  double resorption_high = 0.70;
  /// Where the resorption point and range come from, for every output; empty = the literature
  /// defaults above or the user's own values. apply_calibration sets it.
  std::string resorption_source;

  ProcessingMethod processing = ProcessingMethod::centrifugation;
  /// Overrides default_processing_yield(processing); (0, 1].
  std::optional<double> yield;

  /// Most graft injected into one side in one session, mL; finite, >= 1. Assumption: 500 mL, the
  /// per-side mean of the 1 125-case hip series (493 mL both hips, about 250 a side) plus about
  /// two per-side standard deviations (SD 220 for both hips, about 110 a side); overfilling
  /// raises interstitial pressure and harms take (Khouri et al. 2014), so larger corrections are
  /// staged.
  double max_session_inject_ml = 500.0;
  /// Most raw aspirate (fat + fluid) in one session, mL; finite, >= 1. 5000 mL: outpatient limit
  /// without overnight monitoring (QUAD A standard).
  double aspirate_limit_ml = 5000.0;
  /// A donor site is not opened for less raw aspirate than this, mL; finite, >= 0. Assumption:
  /// 50 mL (about one small canister's worth; less is not worth an extra incision).
  double min_site_aspirate_ml = 50.0;

  /// Donor sites with capacities and priorities; empty = default_donor_sites() (assumptions).
  std::vector<DonorSite> donor_sites;
  /// Where donor_sites came from, for the report (e.g. the donors file path); empty = defaults.
  std::string donor_source;
  /// Site or group names not to harvest (e.g. "arms", "flank_left"); unknown names throw.
  std::vector<std::string> exclude;
};

/// One recipient region (e.g. the hip dip proper and a lower extension) with its fill volume.
struct GraftRegion {
  std::string name;              ///< non-empty, unique per side
  Side side = Side::Left;
  double fill_ml = 0.0;          ///< volume the region should gain, mL; finite, >= 0
};

struct GraftInput {
  /// Volume each side should gain once healed, mL; finite, >= 0 (from the geometry core).
  double fill_left_ml = 0.0;
  double fill_right_ml = 0.0;
  /// Optional breakdown by region. If non-empty, a side's fill is the sum of its regions and
  /// fill_left_ml / fill_right_ml must be 0 or agree with that sum within 0.1 mL.
  std::vector<GraftRegion> regions;
  /// Body-mass index, kg/m², [10, 80], for the 100 mL-per-BMI-unit warning (Chow et al.,
  /// PRS 2015;136:474); absent = no check.
  std::optional<double> bmi_kg_m2;
};

/// [low, high] in mL.
struct GraftRange {
  double low_ml = 0.0;
  double high_ml = 0.0;
};

/// What remains of the fill if the planned volume is injected and resorption turns out to be at
/// the low or the high end of the expected range.
struct GraftOutcomeBand {
  double retained_low_resorption_ml = 0.0;   ///< inject * (1 - resorption_low), mL
  double retained_high_resorption_ml = 0.0;  ///< inject * (1 - resorption_high), mL
  double correction_low_resorption_ml = 0.0; ///< retained - fill: > 0 over-, < 0 under-correction
  double correction_high_resorption_ml = 0.0;
  double correction_low_resorption_pct = 0.0;  ///< correction as % of the deficit (fill); 0 if fill is 0
  double correction_high_resorption_pct = 0.0;
};

/// One session on one side. Session 1 is planned exactly (range = point); later sessions depend
/// on how much of the earlier ones took, so they are expected ranges (docs/graft-plan.md).
struct GraftSideSession {
  int session = 1;           ///< 1-based
  double inject_ml = 0.0;    ///< planned at the planning resorption, mL
  GraftRange inject_range;   ///< if earlier sessions resorb at the low / high end of the range
};

struct SideGraftPlan {
  Side side = Side::Left;
  double fill_ml = 0.0;       ///< mL
  double resorption = 0.5;    ///< planning point used for this side
  double inject_ml = 0.0;     ///< fill / (1 - resorption), mL
  GraftRange inject_range;    ///< fill / (1 - resorption_low), fill / (1 - resorption_high), mL
  GraftOutcomeBand outcome;
  double aspirate_ml = 0.0;   ///< inject / yield, mL of raw aspirate
  std::vector<GraftSideSession> sessions;  ///< empty if fill is 0
};

struct RegionGraftPlan {
  std::string name;
  Side side = Side::Left;
  double fill_ml = 0.0;
  double resorption = 0.5;
  double inject_ml = 0.0;
  GraftRange inject_range;
  double aspirate_ml = 0.0;
};

/// One operating session, both sides.
struct GraftSession {
  int session = 1;                 ///< 1-based
  double inject_left_ml = 0.0;     ///< planned, mL
  double inject_right_ml = 0.0;
  double inject_ml = 0.0;          ///< both sides, mL
  GraftRange inject_range;         ///< both sides, mL
  double aspirate_ml = 0.0;        ///< inject_ml / yield, mL of raw aspirate
  GraftRange aspirate_range;
  DonorSplit donors;               ///< split of aspirate_ml over what the earlier sessions left
};

/// A donor capacity shortfall said plainly: what is missing and the ways out.
struct GraftShortfall {
  double needed_ml = 0.0;           ///< raw aspirate the plan needs, mL
  double available_ml = 0.0;        ///< raw aspirate the donor split found, mL
  double shortfall_ml = 0.0;        ///< needed - available, mL (0 = none)
  double correction_fraction = 1.0; ///< available / needed: the share of the correction that fits
  std::vector<std::string> options; ///< add sites, stage, correct less (empty if no shortfall)
};

struct GraftPlan {
  SideGraftPlan left;
  SideGraftPlan right;
  std::vector<RegionGraftPlan> regions;  ///< one per input region, input order

  /// Volume-weighted planning resorption over both sides: 1 - fill_ml / inject_ml (equals the
  /// common value when both sides use the same one; options.resorption if nothing is injected).
  double resorption = 0.5;
  double resorption_low = 0.30;
  double resorption_high = 0.70;
  /// GraftOptions::resorption_source, or "literature or options (docs/clinical-defaults.md)".
  std::string resorption_source;
  ProcessingMethod processing = ProcessingMethod::centrifugation;
  double yield = 0.55;
  bool yield_overridden = false;  ///< true if GraftOptions::yield was set

  double fill_ml = 0.0;           ///< both sides, mL
  double inject_ml = 0.0;         ///< both sides, mL
  GraftRange inject_range;        ///< both sides, mL
  double aspirate_ml = 0.0;       ///< both sides, all sessions, mL of raw aspirate
  GraftRange aspirate_range;

  std::vector<GraftSession> sessions;     ///< empty if nothing is injected
  std::vector<DonorAllocation> donors;    ///< per site, summed over sessions; catalog order;
                                          ///< capacity_ml is the site's whole capacity
  std::vector<std::string> excluded_sites;  ///< catalog sites removed by GraftOptions::exclude
  std::string donor_source;               ///< donors file path, or "defaults (assumptions)"
  GraftShortfall shortfall;

  double max_session_inject_ml = 500.0;   ///< limits used, mL
  double aspirate_limit_ml = 5000.0;
  double min_site_aspirate_ml = 50.0;
  std::optional<double> bmi_kg_m2;

  std::vector<std::string> warnings;      ///< safety limits, staging, shortfall, range notes
};

/// Checks every field of `options` (ranges above; donor sites via validate_donor_sites; excluded
/// names known). Throws InvalidInput naming the field and the value.
void validate_graft_options(const GraftOptions& options);

/// Plans the graft (docs/graft-plan.md):
///  inject = fill / (1 - r) per side; range from the resorption range; outcome band;
///  aspirate = inject / yield; sessions = max(ceil(inject_side / max_session_inject_ml),
///  ceil(total aspirate / aspirate_limit_ml)) per side, equal planned volumes, later sessions as
///  ranges; per session, split_donors() on the capacity the earlier sessions left.
/// Throws InvalidInput for bad options (validate_graft_options) or input (negative or non-finite
/// fill, region sums disagreeing with side fills, BMI outside [10, 80], more than 100 sessions).
[[nodiscard]] GraftPlan plan_graft(const GraftInput& input, const GraftOptions& options = {});

}  // namespace contour
