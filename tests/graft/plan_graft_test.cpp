// plan_graft: the worked examples of docs/graft-plan.md, properties over random inputs, and bad
// settings.
#include "contour/core/errors.hpp"
#include "contour/graft/plan_graft.hpp"

#include "graft/graft_json.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <cstdio>
#include <random>

namespace contour {
namespace {

bool has_warning(const GraftPlan& plan, const std::string& text) {
  return std::any_of(plan.warnings.begin(), plan.warnings.end(),
                     [&](const std::string& w) { return w.find(text) != std::string::npos; });
}

const DonorAllocation& donor(const GraftPlan& plan, const std::string& site) {
  for (const auto& d : plan.donors)
    if (d.site == site) return d;
  throw std::runtime_error("no donor site " + site);
}

std::string message_of(const GraftInput& in, const GraftOptions& opt) {
  try {
    (void)plan_graft(in, opt);
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "(no exception)";
}

// ---- Worked examples (docs/graft-plan.md) ---------------------------------------------------

TEST(PlanGraftExample, OneHundredTwentyMlAtHalfResorptionAndCentrifugation) {
  GraftInput in;
  in.fill_left_ml = 120.0;
  in.fill_right_ml = 120.0;
  const GraftPlan plan = plan_graft(in, {});

  EXPECT_DOUBLE_EQ(plan.yield, 0.55);
  EXPECT_NEAR(plan.left.inject_ml, 240.0, 1e-9);
  EXPECT_NEAR(plan.left.aspirate_ml, 436.3636, 1e-4);  // 240 / 0.55
  EXPECT_NEAR(plan.left.inject_range.low_ml, 171.4286, 1e-4);  // 120 / 0.7
  EXPECT_NEAR(plan.left.inject_range.high_ml, 400.0, 1e-9);    // 120 / 0.3
  // Outcome band: 240 mL injected keeps 168 mL at 30 % resorption (+48 mL, +40 % of the
  // deficit) and 72 mL at 70 % (-48 mL, -40 %).
  EXPECT_NEAR(plan.left.outcome.retained_low_resorption_ml, 168.0, 1e-9);
  EXPECT_NEAR(plan.left.outcome.correction_low_resorption_ml, 48.0, 1e-9);
  EXPECT_NEAR(plan.left.outcome.correction_low_resorption_pct, 40.0, 1e-9);
  EXPECT_NEAR(plan.left.outcome.retained_high_resorption_ml, 72.0, 1e-9);
  EXPECT_NEAR(plan.left.outcome.correction_high_resorption_ml, -48.0, 1e-9);
  EXPECT_NEAR(plan.left.outcome.correction_high_resorption_pct, -40.0, 1e-9);

  EXPECT_NEAR(plan.inject_ml, 480.0, 1e-9);
  EXPECT_NEAR(plan.aspirate_ml, 872.7273, 1e-4);
  EXPECT_NEAR(plan.resorption, 0.5, 1e-12);
  ASSERT_EQ(plan.sessions.size(), 1u);
  EXPECT_EQ(plan.left.sessions.size(), 1u);
  // Donors: abdomen and flanks (priority 1, 1800 mL) each give 48.5 % of their capacity.
  EXPECT_NEAR(donor(plan, "abdomen").aspirate_ml, 484.8485, 1e-4);
  EXPECT_NEAR(donor(plan, "flank_left").aspirate_ml, 193.9394, 1e-4);
  EXPECT_NEAR(donor(plan, "flank_right").aspirate_ml, 193.9394, 1e-4);
  EXPECT_EQ(donor(plan, "inner_thigh_left").aspirate_ml, 0.0);
  EXPECT_EQ(plan.shortfall.shortfall_ml, 0.0);
  EXPECT_TRUE(plan.warnings.empty()) << plan.warnings.front();
  EXPECT_EQ(plan.donor_source, "defaults (assumptions)");
}

TEST(PlanGraftExample, StagingWhenOneSideExceedsTheSessionMaximum) {
  // Left 300 mL fill -> 600 mL to inject > 500 mL: two sessions of 300 mL; session 2 is
  // 300 mL if session 1 resorbs 50 %, 180 mL if 30 %, 420 mL if 70 %. Right 250 mL fill ->
  // exactly 500 mL: one session.
  GraftInput in;
  in.fill_left_ml = 300.0;
  in.fill_right_ml = 250.0;
  const GraftPlan plan = plan_graft(in, {});

  ASSERT_EQ(plan.left.sessions.size(), 2u);
  ASSERT_EQ(plan.right.sessions.size(), 1u);
  EXPECT_NEAR(plan.left.sessions[0].inject_ml, 300.0, 1e-9);
  EXPECT_NEAR(plan.left.sessions[0].inject_range.low_ml, 300.0, 1e-9);
  EXPECT_NEAR(plan.left.sessions[0].inject_range.high_ml, 300.0, 1e-9);
  EXPECT_NEAR(plan.left.sessions[1].inject_ml, 300.0, 1e-9);
  EXPECT_NEAR(plan.left.sessions[1].inject_range.low_ml, 180.0, 1e-9);
  EXPECT_NEAR(plan.left.sessions[1].inject_range.high_ml, 420.0, 1e-9);
  EXPECT_NEAR(plan.right.sessions[0].inject_ml, 500.0, 1e-9);

  ASSERT_EQ(plan.sessions.size(), 2u);
  EXPECT_NEAR(plan.sessions[0].inject_ml, 800.0, 1e-9);
  EXPECT_NEAR(plan.sessions[0].aspirate_ml, 1454.5455, 1e-4);
  EXPECT_NEAR(plan.sessions[1].inject_ml, 300.0, 1e-9);
  EXPECT_NEAR(plan.sessions[1].aspirate_ml, 545.4545, 1e-4);
  EXPECT_NEAR(plan.sessions[1].aspirate_range.low_ml, 327.2727, 1e-4);
  EXPECT_NEAR(plan.sessions[1].aspirate_range.high_ml, 763.6364, 1e-4);
  EXPECT_NEAR(plan.aspirate_ml, 2000.0, 1e-9);

  // Session 1 thins abdomen and flanks to 80.8 %; session 2 takes the rest of them (345.45 mL)
  // and 100 mL from each inner thigh.
  EXPECT_NEAR(plan.sessions[0].donors.sites[0].aspirate_ml, 808.0808, 1e-4);  // abdomen
  EXPECT_NEAR(plan.sessions[1].donors.sites[0].aspirate_ml, 191.9192, 1e-4);
  EXPECT_NEAR(donor(plan, "abdomen").aspirate_ml, 1000.0, 1e-9);
  EXPECT_NEAR(donor(plan, "flank_left").aspirate_ml, 400.0, 1e-9);
  EXPECT_NEAR(donor(plan, "inner_thigh_left").aspirate_ml, 100.0, 1e-9);
  EXPECT_NEAR(donor(plan, "inner_thigh_right").aspirate_ml, 100.0, 1e-9);
  EXPECT_EQ(plan.shortfall.shortfall_ml, 0.0);

  EXPECT_TRUE(has_warning(plan, "left: 600.0 mL to inject exceeds the per-session maximum of 500.0 mL"));
  EXPECT_FALSE(has_warning(plan, "right:"));
  EXPECT_FALSE(has_warning(plan, "session 2 may need"));  // 420 mL <= 500 mL
}

TEST(PlanGraftExample, ShortfallSaysWhatIsMissingAndTheFractionThatFits) {
  // 150 mL a side -> 600 mL to inject -> 1090.91 mL raw aspirate; only 900 mL available.
  GraftInput in;
  in.fill_left_ml = 150.0;
  in.fill_right_ml = 150.0;
  GraftOptions opt;
  opt.donor_sites = {{"abdomen", 500.0, 1}, {"flank_left", 200.0, 1}, {"flank_right", 200.0, 1}};
  opt.donor_source = "exam.json";
  const GraftPlan plan = plan_graft(in, opt);

  EXPECT_NEAR(plan.aspirate_ml, 1090.9091, 1e-4);
  EXPECT_NEAR(plan.shortfall.needed_ml, 1090.9091, 1e-4);
  EXPECT_NEAR(plan.shortfall.available_ml, 900.0, 1e-9);
  EXPECT_NEAR(plan.shortfall.shortfall_ml, 190.9091, 1e-4);
  EXPECT_NEAR(plan.shortfall.correction_fraction, 0.825, 1e-12);
  ASSERT_GE(plan.shortfall.options.size(), 3u);
  EXPECT_NE(plan.shortfall.options[0].find("add donor sites"), std::string::npos);
  EXPECT_NE(plan.shortfall.options[0].find("sites not in the donor list: inner_thigh_left"), std::string::npos)
      << plan.shortfall.options[0];
  EXPECT_NE(plan.shortfall.options[1].find("stage"), std::string::npos);
  // 82.5 % of 150 mL = 123.75 mL of fill per side.
  EXPECT_NE(plan.shortfall.options[2].find("fill left 123.8 mL, right 123.8 mL"), std::string::npos)
      << plan.shortfall.options[2];
  EXPECT_TRUE(has_warning(plan, "donor capacity shortfall: 190.9 mL"));
  EXPECT_EQ(plan.donor_source, "exam.json");
  for (const auto& d : plan.donors) EXPECT_NEAR(d.aspirate_ml, d.capacity_ml, 1e-9) << d.site;
}

TEST(PlanGraftExample, AspirateLimitStagesBothSides) {
  // 240 mL a side -> 480 mL each (under 500) but 1745.45 mL raw aspirate > a 1000 mL limit:
  // two sessions of 240 mL a side, 872.73 mL of aspirate each.
  GraftInput in;
  in.fill_left_ml = 240.0;
  in.fill_right_ml = 240.0;
  GraftOptions opt;
  opt.aspirate_limit_ml = 1000.0;
  const GraftPlan plan = plan_graft(in, opt);
  ASSERT_EQ(plan.sessions.size(), 2u);
  EXPECT_NEAR(plan.sessions[0].aspirate_ml, 872.7273, 1e-4);
  EXPECT_NEAR(plan.sessions[0].inject_left_ml, 240.0, 1e-9);
  EXPECT_NEAR(plan.sessions[0].inject_right_ml, 240.0, 1e-9);
  EXPECT_TRUE(has_warning(plan, "total raw aspirate 1745.5 mL exceeds the per-session limit of 1000.0 mL"));
}

TEST(PlanGraftExample, PerSideResorptionAndRegions) {
  GraftInput in;
  in.regions = {{"dip", Side::Left, 80.0}, {"lower", Side::Left, 40.0}, {"dip", Side::Right, 100.0}};
  GraftOptions opt;
  opt.resorption_right = 0.6;
  const GraftPlan plan = plan_graft(in, opt);
  EXPECT_NEAR(plan.left.fill_ml, 120.0, 1e-12);
  EXPECT_NEAR(plan.right.fill_ml, 100.0, 1e-12);
  EXPECT_NEAR(plan.left.inject_ml, 240.0, 1e-9);
  EXPECT_NEAR(plan.right.inject_ml, 250.0, 1e-9);
  ASSERT_EQ(plan.regions.size(), 3u);
  EXPECT_NEAR(plan.regions[0].inject_ml, 160.0, 1e-9);
  EXPECT_NEAR(plan.regions[2].inject_ml, 250.0, 1e-9);
  EXPECT_NEAR(plan.regions[2].resorption, 0.6, 0.0);
  // Volume-weighted resorption: 1 - 220 / 490.
  EXPECT_NEAR(plan.resorption, 1.0 - 220.0 / 490.0, 1e-12);
}

TEST(PlanGraftExample, BmiWarningAtOneHundredMlPerUnit) {
  GraftInput in;
  in.fill_left_ml = 240.0;
  in.fill_right_ml = 240.0;  // 1745.45 mL of aspirate
  in.bmi_kg_m2 = 17.0;       // 1700 mL
  EXPECT_TRUE(has_warning(plan_graft(in, {}), "exceeds 100 mL per BMI unit"));
  in.bmi_kg_m2 = 18.0;  // 1800 mL
  EXPECT_FALSE(has_warning(plan_graft(in, {}), "BMI"));
}

TEST(PlanGraftExample, ProcessingMethodSetsTheYieldAndAnOverrideWins) {
  GraftInput in;
  in.fill_left_ml = 100.0;
  GraftOptions opt;
  opt.processing = ProcessingMethod::decantation;
  EXPECT_NEAR(plan_graft(in, opt).aspirate_ml, 400.0, 1e-9);  // 200 / 0.5
  opt.processing = ProcessingMethod::filtration;
  EXPECT_DOUBLE_EQ(plan_graft(in, opt).yield, 0.55);
  opt.yield = 0.8;
  const GraftPlan plan = plan_graft(in, opt);
  EXPECT_NEAR(plan.aspirate_ml, 250.0, 1e-9);
  EXPECT_TRUE(plan.yield_overridden);
}

TEST(PlanGraftExample, ExcludedSitesGiveNothing) {
  GraftInput in;
  in.fill_left_ml = in.fill_right_ml = 300.0;  // 2181.8 mL: needs more than priority 1
  GraftOptions opt;
  opt.exclude = {"inner_thighs"};
  const GraftPlan plan = plan_graft(in, opt);
  for (const auto& d : plan.donors) EXPECT_TRUE(d.site.rfind("inner_thigh", 0) != 0) << d.site;
  EXPECT_EQ(plan.excluded_sites, (std::vector<std::string>{"inner_thigh_left", "inner_thigh_right"}));
  EXPECT_GT(donor(plan, "arm_left").aspirate_ml, 0.0);
  EXPECT_NEAR(donor(plan, "arm_left").aspirate_ml, donor(plan, "arm_right").aspirate_ml, 1e-9);
}

// ---- Properties over random inputs ----------------------------------------------------------

TEST(PlanGraftProperties, RandomPlansKeepEveryInvariant) {
  std::mt19937 rng(424242);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto& catalog = donor_site_catalog();
  int staged = 0, aspirate_staged = 0, with_shortfall = 0, bmi_warned = 0, outside_range = 0;
  for (int c = 0; c < 2000; ++c) {
    SCOPED_TRACE("case " + std::to_string(c));
    GraftInput in;
    in.fill_left_ml = unit(rng) < 0.1 ? 0.0 : 900.0 * unit(rng);
    in.fill_right_ml = unit(rng) < 0.1 ? 0.0 : 900.0 * unit(rng);
    if (unit(rng) < 0.3) in.bmi_kg_m2 = 15.0 + 25.0 * unit(rng);
    GraftOptions opt;
    opt.resorption = 0.9 * unit(rng);
    if (unit(rng) < 0.3) opt.resorption_left = 0.9 * unit(rng);
    if (unit(rng) < 0.3) opt.resorption_right = 0.9 * unit(rng);
    opt.resorption_low = 0.6 * unit(rng);
    opt.resorption_high = opt.resorption_low + (0.94 - opt.resorption_low) * unit(rng);
    opt.processing = static_cast<ProcessingMethod>(static_cast<int>(3 * unit(rng)) % 3);
    if (unit(rng) < 0.3) opt.yield = 0.2 + 0.8 * unit(rng);
    opt.max_session_inject_ml = 100.0 + 900.0 * unit(rng);
    opt.aspirate_limit_ml = 500.0 + 5500.0 * unit(rng);
    opt.min_site_aspirate_ml = unit(rng) < 0.2 ? 0.0 : 120.0 * unit(rng);
    if (unit(rng) < 0.7) {
      std::map<std::string, double> group_cap;
      for (const auto& info : catalog) {
        if (unit(rng) < 0.25) continue;
        double cap = 1200.0 * unit(rng);
        if (group_cap.count(info.group) && unit(rng) < 0.6) cap = group_cap[info.group];
        group_cap[info.group] = cap;
        opt.donor_sites.push_back({info.name, cap, 1 + static_cast<int>(info.group.size() % 3)});
      }
    }
    if (unit(rng) < 0.3) opt.exclude = {donor_group_names()[static_cast<std::size_t>(7 * unit(rng)) % 7]};

    const GraftPlan plan = plan_graft(in, opt);
    const double rel = 1e-9;
    const double y = plan.yield;
    for (const SideGraftPlan* side : {&plan.left, &plan.right}) {
      // inject * (1 - r) = fill, and the range ends likewise.
      EXPECT_NEAR(side->inject_ml * (1.0 - side->resorption), side->fill_ml, rel * std::max(1.0, side->fill_ml));
      EXPECT_NEAR(side->inject_range.low_ml * (1.0 - opt.resorption_low), side->fill_ml, rel * std::max(1.0, side->fill_ml));
      EXPECT_NEAR(side->inject_range.high_ml * (1.0 - opt.resorption_high), side->fill_ml, rel * std::max(1.0, side->fill_ml));
      EXPECT_LE(side->inject_range.low_ml, side->inject_range.high_ml + 1e-9);
      EXPECT_NEAR(side->aspirate_ml * y, side->inject_ml, rel * std::max(1.0, side->inject_ml));
      EXPECT_NEAR(side->outcome.correction_low_resorption_ml,
                  side->inject_ml * (1.0 - opt.resorption_low) - side->fill_ml, 1e-6);
      EXPECT_NEAR(side->outcome.correction_high_resorption_ml,
                  side->inject_ml * (1.0 - opt.resorption_high) - side->fill_ml, 1e-6);
      // Sessions add up to the planned volume and none exceeds the per-session maximum.
      double sum = 0.0;
      for (const auto& s : side->sessions) {
        sum += s.inject_ml;
        EXPECT_LE(s.inject_ml, opt.max_session_inject_ml * (1.0 + rel));
        EXPECT_LE(s.inject_range.low_ml, s.inject_range.high_ml + 1e-9);
        if (s.session == 1) { EXPECT_EQ(s.inject_range.low_ml, s.inject_range.high_ml); }
        if (side->resorption >= opt.resorption_low && side->resorption <= opt.resorption_high) {
          EXPECT_LE(s.inject_range.low_ml, s.inject_ml + 1e-6);
          EXPECT_GE(s.inject_range.high_ml, s.inject_ml - 1e-6);
        }
      }
      EXPECT_NEAR(sum, side->inject_ml, 1e-6);
      EXPECT_EQ(side->sessions.empty(), side->fill_ml == 0.0);
    }
    EXPECT_NEAR(plan.inject_ml * (1.0 - plan.resorption), plan.fill_ml, 1e-6);

    // Every session within the aspirate limit; a plan over it is staged and warned.
    double session_sum = 0.0;
    std::map<std::string, double> used;
    for (const auto& s : plan.sessions) {
      EXPECT_LE(s.aspirate_ml, opt.aspirate_limit_ml * (1.0 + rel));
      session_sum += s.aspirate_ml;
      EXPECT_NEAR(s.donors.allocated_ml + s.donors.shortfall_ml, s.aspirate_ml, 1e-6);
      for (const auto& a : s.donors.sites) {
        used[a.site] += a.aspirate_ml;
        if (a.aspirate_ml > 0.0 && !s.donors.below_minimum_exception) {
          EXPECT_GE(a.aspirate_ml, opt.min_site_aspirate_ml - 1e-6) << a.site;
        }
        const auto* info = find_donor_site(a.site);
        if (info->side != Side::Left) continue;
        for (const auto& b : s.donors.sites)
          if (b.site == info->partner && b.capacity_ml == a.capacity_ml) {
            EXPECT_NEAR(a.aspirate_ml, b.aspirate_ml, 1e-6) << a.site;
          }
      }
    }
    EXPECT_NEAR(session_sum, plan.aspirate_ml, 1e-6);
    if (plan.aspirate_ml > opt.aspirate_limit_ml * (1.0 + 1e-9)) {
      EXPECT_GE(plan.sessions.size(), 2u);
      EXPECT_TRUE(has_warning(plan, "exceeds the per-session limit"));
    }

    // Donor totals: within capacity, summed over sessions, shortfall = needed - available.
    double available = 0.0;
    for (const auto& d : plan.donors) {
      EXPECT_LE(d.aspirate_ml, d.capacity_ml + 1e-6) << d.site;
      EXPECT_NEAR(d.aspirate_ml, used[d.site], 1e-9) << d.site;
      for (const auto& x : plan.excluded_sites) EXPECT_NE(d.site, x);
      available += d.aspirate_ml;
    }
    EXPECT_NEAR(plan.shortfall.available_ml, available, 1e-6);
    if (plan.shortfall.shortfall_ml > 0.0) {
      EXPECT_NEAR(plan.shortfall.shortfall_ml, plan.aspirate_ml - available, 1e-6);
      EXPECT_NEAR(plan.shortfall.correction_fraction, available / plan.aspirate_ml, 1e-12);
      EXPECT_TRUE(has_warning(plan, "donor capacity shortfall"));
      EXPECT_GE(plan.shortfall.options.size(), 3u);
    } else {
      EXPECT_NEAR(available, plan.aspirate_ml, 1e-6 * std::max(1.0, plan.aspirate_ml));
      EXPECT_FALSE(has_warning(plan, "donor capacity shortfall"));
    }
    if (in.bmi_kg_m2) {
      bool over = false;
      for (const auto& s : plan.sessions) over = over || s.aspirate_ml > 100.0 * *in.bmi_kg_m2;
      EXPECT_EQ(over, has_warning(plan, "per BMI unit"));
    }

    // Deterministic, and independent of the order of the donor list.
    GraftOptions shuffled = opt;
    std::shuffle(shuffled.donor_sites.begin(), shuffled.donor_sites.end(), rng);
    EXPECT_EQ(graft_to_json(plan_graft(in, shuffled)).dump(), graft_to_json(plan).dump());
    if (::testing::Test::HasFailure()) break;
    staged += plan.sessions.size() > 1;
    aspirate_staged += has_warning(plan, "exceeds the per-session limit");
    with_shortfall += plan.shortfall.shortfall_ml > 0.0;
    bmi_warned += has_warning(plan, "per BMI unit");
    outside_range += has_warning(plan, "lies outside the expected range");
  }
  // The random plans reach every branch.
  EXPECT_GT(staged, 200);
  EXPECT_GT(aspirate_staged, 20);
  EXPECT_GT(with_shortfall, 100);
  EXPECT_GT(bmi_warned, 10);
  EXPECT_GT(outside_range, 100);
  std::printf("plan cases: %d staged, %d over the aspirate limit, %d shortfall, %d BMI, %d outside range\n", staged,
              aspirate_staged, with_shortfall, bmi_warned, outside_range);
}

// ---- Bad settings ---------------------------------------------------------------------------

TEST(PlanGraftBadSettings, ResorptionOutsideRangeNamesFieldAndValue) {
  GraftInput in;
  in.fill_left_ml = 100.0;
  GraftOptions opt;
  opt.resorption = 0.95;
  EXPECT_NE(message_of(in, opt).find("resorption must be in [0, 0.95), got 0.95"), std::string::npos)
      << message_of(in, opt);
  opt.resorption = -0.1;
  EXPECT_NE(message_of(in, opt).find("got -0.1"), std::string::npos);
  opt = {};
  opt.resorption_left = 1.2;
  EXPECT_NE(message_of(in, opt).find("resorption_left must be in [0, 0.95), got 1.2"), std::string::npos);
  opt = {};
  opt.resorption_low = 0.6;
  opt.resorption_high = 0.4;
  EXPECT_NE(message_of(in, opt).find("low <= high, got [0.6, 0.4]"), std::string::npos);
  opt = {};
  opt.resorption = std::nan("");
  EXPECT_NE(message_of(in, opt).find("resorption must be in"), std::string::npos);
}

TEST(PlanGraftBadSettings, YieldLimitsAndDonorsAreChecked) {
  GraftInput in;
  in.fill_left_ml = 100.0;
  GraftOptions opt;
  opt.yield = 0.0;
  EXPECT_NE(message_of(in, opt).find("yield must be in (0, 1], got 0"), std::string::npos);
  opt = {};
  opt.yield = 1.5;
  EXPECT_NE(message_of(in, opt).find("got 1.5"), std::string::npos);
  opt = {};
  opt.max_session_inject_ml = 0.0;
  EXPECT_NE(message_of(in, opt).find("max_session_inject_ml"), std::string::npos);
  opt = {};
  opt.aspirate_limit_ml = -5.0;
  EXPECT_NE(message_of(in, opt).find("aspirate_limit_ml must be finite and >= 1, got -5"), std::string::npos);
  opt = {};
  opt.min_site_aspirate_ml = -1.0;
  EXPECT_NE(message_of(in, opt).find("min_site_aspirate_ml"), std::string::npos);
  opt = {};
  opt.donor_sites = {{"abdomen", -20.0, 1}};
  opt.donor_source = "donors.json";
  EXPECT_NE(message_of(in, opt).find("donors.json: site \"abdomen\": capacity_ml must be >= 0, got -20"),
            std::string::npos)
      << message_of(in, opt);
  opt = {};
  opt.exclude = {"elbows"};
  EXPECT_NE(message_of(in, opt).find("unknown donor site or group \"elbows\""), std::string::npos);
}

TEST(PlanGraftBadSettings, BadInputIsRejected) {
  GraftInput in;
  in.fill_left_ml = -1.0;
  EXPECT_NE(message_of(in, {}).find("fill_left_ml must be finite and >= 0, got -1"), std::string::npos);
  in = {};
  in.fill_right_ml = std::numeric_limits<double>::infinity();
  EXPECT_NE(message_of(in, {}).find("fill_right_ml"), std::string::npos);
  in = {};
  in.regions = {{"dip", Side::Left, 50.0}};
  in.fill_left_ml = 80.0;
  EXPECT_NE(message_of(in, {}).find("fill_left_ml is 80 but its regions add up to 50"), std::string::npos);
  in = {};
  in.regions = {{"dip", Side::Left, 50.0}, {"dip", Side::Left, 10.0}};
  EXPECT_NE(message_of(in, {}).find("listed twice"), std::string::npos);
  in = {};
  in.regions = {{"", Side::Left, 50.0}};
  EXPECT_NE(message_of(in, {}).find("name is empty"), std::string::npos);
  in = {};
  in.fill_left_ml = 100.0;
  in.bmi_kg_m2 = 5.0;
  EXPECT_NE(message_of(in, {}).find("bmi_kg_m2 must be in [10, 80], got 5"), std::string::npos);
  in = {};
  in.fill_left_ml = 1e6;  // 2e6 mL to inject at 500 mL a session
  EXPECT_NE(message_of(in, {}).find("sessions would be needed"), std::string::npos);
}

TEST(PlanGraft, ZeroFillPlansNothing) {
  const GraftPlan plan = plan_graft({}, {});
  EXPECT_EQ(plan.inject_ml, 0.0);
  EXPECT_EQ(plan.aspirate_ml, 0.0);
  EXPECT_TRUE(plan.sessions.empty());
  EXPECT_EQ(plan.shortfall.shortfall_ml, 0.0);
  EXPECT_EQ(plan.shortfall.correction_fraction, 1.0);
  EXPECT_DOUBLE_EQ(plan.resorption, 0.5);
  EXPECT_TRUE(plan.warnings.empty());
}

TEST(PlanGraft, PlanningPointOutsideTheRangeIsWarned) {
  GraftInput in;
  in.fill_left_ml = 100.0;
  GraftOptions opt;
  opt.resorption_left = 0.8;
  const GraftPlan plan = plan_graft(in, opt);
  EXPECT_TRUE(has_warning(plan, "left: planning resorption 80 % lies outside the expected range 30 % to 70 %"));
  EXPECT_NEAR(plan.left.inject_ml, 500.0, 1e-9);
}

TEST(PlanGraft, LaterSessionAboveTheMaximumIsWarned) {
  // 400 mL fill -> 800 mL, two sessions of 400; session 2 needs up to (400 - 400*0.3)/0.5 = 560.
  GraftInput in;
  in.fill_left_ml = 400.0;
  const GraftPlan plan = plan_graft(in, {});
  ASSERT_EQ(plan.left.sessions.size(), 2u);
  EXPECT_NEAR(plan.left.sessions[1].inject_range.high_ml, 560.0, 1e-9);
  EXPECT_NEAR(plan.left.sessions[1].inject_range.low_ml, 240.0, 1e-9);
  EXPECT_TRUE(has_warning(plan, "left session 2 may need up to 560.0 mL"));
}

}  // namespace
}  // namespace contour
