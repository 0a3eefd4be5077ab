#pragma once
// Internal: a parallel loop over index blocks, for the per-vertex and per-face passes on large
// meshes.
#include <Eigen/Core>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace contour::detail {

/// Runs fn(begin, end) over blocks of 0..n (at least 16 k indices each) in parallel. Each
/// block must write only its own indices' results.
template <class Fn>
void for_ranges(Eigen::Index n, Fn fn) {
  tbb::parallel_for(tbb::blocked_range<Eigen::Index>(0, n, 1 << 14),
                    [&](const tbb::blocked_range<Eigen::Index>& r) { fn(r.begin(), r.end()); });
}

}  // namespace contour::detail
