#pragma once
// The patient's side: one type for every stage (silhouette, target, graft, donor sites, reports).
// The patient's left is -x in the canonical frame.
#include <optional>

namespace contour {

enum class Side { Left, Right };

/// "left" or "right".
[[nodiscard]] inline const char* side_name(Side s) { return s == Side::Left ? "left" : "right"; }

/// "left", "right", or `none` for no side (a midline donor site).
[[nodiscard]] inline const char* side_name(const std::optional<Side>& s, const char* none) {
  return s ? side_name(*s) : none;
}

}  // namespace contour
