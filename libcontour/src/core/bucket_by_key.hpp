#pragma once
// Counting sort of items by a small integer key: linear time, stable, no comparisons. Used to
// group mesh edges and faces by their lowest vertex instead of sorting millions of 64-bit keys.
#include <cstddef>
#include <vector>

namespace contour {

/// Items 0..n_items-1 grouped by key(i) in [0, n_keys): the items of key k are
/// order[start[k]] .. order[start[k+1]-1], in increasing item order.
struct Buckets {
  std::vector<int> start;  ///< n_keys + 1 offsets
  std::vector<int> order;  ///< item indices
};

template <class KeyFn>
Buckets bucket_by_key(std::size_t n_items, std::size_t n_keys, KeyFn key) {
  Buckets b;
  b.start.assign(n_keys + 1, 0);
  for (std::size_t i = 0; i < n_items; ++i) ++b.start[static_cast<std::size_t>(key(i)) + 1];
  for (std::size_t k = 0; k < n_keys; ++k) b.start[k + 1] += b.start[k];
  b.order.resize(n_items);
  std::vector<int> cursor(b.start.begin(), b.start.end() - 1);
  for (std::size_t i = 0; i < n_items; ++i)
    b.order[static_cast<std::size_t>(cursor[static_cast<std::size_t>(key(i))]++)] = static_cast<int>(i);
  return b;
}

}  // namespace contour
