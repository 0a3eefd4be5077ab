#include "contour/section/slice_mesh.hpp"

#include "core/for_ranges.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tbb/parallel_for.h>

namespace contour {
namespace {

struct Segment {
  std::uint64_t from_edge, to_edge;
  Eigen::Vector2d from, to;
};

std::uint64_t edge_key(int a, int b) {
  if (a > b) std::swap(a, b);
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
}

std::vector<SectionLoop> chain_segments(const std::vector<Segment>& segs, const SliceOptions& opt) {
  // Lookups by edge key through two small open-addressing tables (linear probing): cheaper
  // than std::unordered_map or sorting for the few thousand segments of a slice.
  struct Table {
    std::vector<std::uint64_t> keys;
    std::vector<int> vals;
    std::size_t mask = 0;
    explicit Table(std::size_t n) {
      std::size_t cap = 16;
      while (cap < 2 * n) cap <<= 1;
      keys.assign(cap, ~std::uint64_t{0});
      vals.assign(cap, -1);
      mask = cap - 1;
    }
    static std::size_t hash(std::uint64_t k) { return static_cast<std::size_t>((k * 0x9E3779B97F4A7C15ULL) >> 17); }
    void insert(std::uint64_t k, int v) {
      std::size_t i = hash(k) & mask;
      while (keys[i] != ~std::uint64_t{0} && keys[i] != k) i = (i + 1) & mask;
      if (keys[i] == k) return;  // keep the first (non-manifold edges)
      keys[i] = k;
      vals[i] = v;
    }
    int find(std::uint64_t k) const {
      std::size_t i = hash(k) & mask;
      while (keys[i] != ~std::uint64_t{0}) {
        if (keys[i] == k) return vals[i];
        i = (i + 1) & mask;
      }
      return -1;
    }
  };
  Table starts(segs.size()), ends(segs.size());
  for (int i = 0; i < static_cast<int>(segs.size()); ++i) {
    starts.insert(segs[static_cast<std::size_t>(i)].from_edge, i);
    ends.insert(segs[static_cast<std::size_t>(i)].to_edge, i);
  }
  auto find = [](const Table& table, std::uint64_t key) { return table.find(key); };
  std::vector<char> used(segs.size(), 0);
  std::vector<SectionLoop> loops;
  std::vector<SectionLoop> open;
  // Start open chains at segments that nothing leads into, then close the rest as loops.
  std::vector<int> order;
  order.reserve(segs.size());
  for (int i = 0; i < static_cast<int>(segs.size()); ++i)
    if (find(ends, segs[static_cast<std::size_t>(i)].from_edge) < 0) order.push_back(i);
  const std::size_t n_open_starts = order.size();
  for (int i = 0; i < static_cast<int>(segs.size()); ++i) order.push_back(i);
  for (std::size_t oi = 0; oi < order.size(); ++oi) {
    const int s0 = order[oi];
    if (used[s0]) continue;
    SectionLoop loop;
    int s = s0;
    loop.points.push_back(segs[s].from);
    bool closed = false;
    for (;;) {
      used[s] = 1;
      const int next = find(starts, segs[s].to_edge);
      if (next < 0) break;
      if (next == s0) { closed = true; break; }
      if (used[next]) break;
      loop.points.push_back(segs[next].from);
      s = next;
    }
    if (!closed) loop.points.push_back(segs[s].to);
    loop.closed = closed && oi >= n_open_starts;
    if (loop.closed) {
      update_loop_measures(loop);
      loops.push_back(std::move(loop));
    } else {
      open.push_back(std::move(loop));
    }
  }
  // Bridge small holes: repeatedly join the open chain whose end is nearest another's start.
  bool joined = true;
  while (joined && !open.empty()) {
    joined = false;
    for (std::size_t a = 0; a < open.size() && !joined; ++a) {
      double best = opt.join_gap;
      std::size_t best_b = open.size();
      for (std::size_t b = 0; b < open.size(); ++b) {
        const double d = (open[a].points.back() - open[b].points.front()).norm();
        if (d <= best) { best = d; best_b = b; }
      }
      if (best_b == open.size()) continue;
      if (best_b == a) {
        open[a].closed = true;
      } else {
        open[a].points.insert(open[a].points.end(), open[best_b].points.begin(), open[best_b].points.end());
        open.erase(open.begin() + static_cast<std::ptrdiff_t>(best_b));
      }
      joined = true;
      // Move closed chains to the loop list.
      for (std::size_t k = 0; k < open.size();) {
        if (open[k].closed) {
          update_loop_measures(open[k]);
          loops.push_back(std::move(open[k]));
          open.erase(open.begin() + static_cast<std::ptrdiff_t>(k));
        } else {
          ++k;
        }
      }
    }
  }
  for (auto& o : open) {
    if (static_cast<int>(o.points.size()) - 1 < opt.min_open_segments) continue;
    o.closed = false;
    update_loop_measures(o);
    loops.push_back(std::move(o));
  }
  return loops;
}

}  // namespace

double polygon_area(const std::vector<Eigen::Vector2d>& p) {
  double a = 0;
  const std::size_t n = p.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& u = p[i];
    const auto& v = p[(i + 1) % n];
    a += u.x() * v.y() - v.x() * u.y();
  }
  return 0.5 * a;
}

void update_loop_measures(SectionLoop& loop) {
  loop.signed_area = polygon_area(loop.points);
  if (loop.points.empty()) return;
  loop.min = loop.max = loop.points.front();
  for (const auto& p : loop.points) {
    loop.min = loop.min.cwiseMin(p);
    loop.max = loop.max.cwiseMax(p);
  }
}

Eigen::Vector2d loop_point_mean(const SectionLoop& loop) {
  Eigen::Vector2d c = Eigen::Vector2d::Zero();
  for (const auto& p : loop.points) c += p;
  return loop.points.empty() ? c : Eigen::Vector2d(c / static_cast<double>(loop.points.size()));
}

std::vector<CrossSection> slice_mesh(const Mesh& mesh, const std::vector<double>& heights, const SliceOptions& options) {
  return slice_mesh(mesh.V, mesh.F, heights, options);
}

std::vector<CrossSection> slice_mesh(const Vertices& V, const Faces& F, const std::vector<double>& heights,
                                     const SliceOptions& options) {
  std::vector<CrossSection> out(heights.size());
  if (heights.empty()) return out;
  std::vector<int> order(heights.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return heights[a] < heights[b]; });
  std::vector<double> sorted(heights.size());
  for (std::size_t i = 0; i < order.size(); ++i) sorted[i] = heights[order[i]];

  // Level of each vertex: the number of planes at or below it. A face is cut by the planes
  // between the lowest and highest level of its vertices (planes h with zmin < h <= zmax; a
  // vertex at h counts as above), so most faces are skipped after three integer loads.
  // When the faces use only a small part of the vertex array (a patch cut from a larger mesh),
  // only the vertices they use are levelled.
  // upper_bound by a guess from the heights' mean spacing, corrected by a few steps (exact for
  // any sorted heights; the binary search is the fallback when the guess is far off).
  const int n_heights = static_cast<int>(sorted.size());
  const double h0 = sorted.front();
  const double inv_spacing = n_heights > 1 && sorted.back() > h0 ? (n_heights - 1) / (sorted.back() - h0) : 0.0;
  auto level_of = [&](Eigen::Index i) {
    const double z = V(i, 2);
    if (std::isnan(z)) return n_heights;  // as std::upper_bound: no plane compares above NaN
    const double g = std::floor((z - h0) * inv_spacing) + 1.0;
    int k = !(g > 0) ? 0 : g >= n_heights ? n_heights : static_cast<int>(g);
    for (int step = 0; step < 4; ++step) {
      if (k > 0 && sorted[static_cast<std::size_t>(k - 1)] > z) --k;
      else if (k < n_heights && sorted[static_cast<std::size_t>(k)] <= z) ++k;
      else return k;
    }
    return static_cast<int>(std::upper_bound(sorted.begin(), sorted.end(), z) - sorted.begin());
  };
  std::vector<int> level(static_cast<std::size_t>(V.rows()), -1);
  if (V.rows() <= 2 * F.rows()) {
    detail::for_ranges(V.rows(), [&](Eigen::Index begin, Eigen::Index end) {
      for (Eigen::Index i = begin; i != end; ++i) level[static_cast<std::size_t>(i)] = level_of(i);
    });
  } else {
    for (Eigen::Index f = 0; f < F.rows(); ++f)
      for (int k = 0; k < 3; ++k)
        if (level[static_cast<std::size_t>(F(f, k))] < 0) level[static_cast<std::size_t>(F(f, k))] = level_of(F(f, k));
  }

  // Faces are cut in fixed chunks (in parallel) whose segments are appended in chunk order, so
  // the result does not depend on the number of threads.
  const Eigen::Index n_faces = F.rows();
  constexpr Eigen::Index chunk = 1 << 14;
  const auto n_chunks = static_cast<std::size_t>((n_faces + chunk - 1) / chunk);
  std::vector<std::vector<std::vector<Segment>>> chunk_segs(n_chunks);
  tbb::parallel_for(std::size_t{0}, n_chunks, [&](std::size_t c) {
    auto& segs = chunk_segs[c];
    segs.resize(heights.size());
    const Eigen::Index f_end = std::min(n_faces, static_cast<Eigen::Index>(c + 1) * chunk);
    for (Eigen::Index f = static_cast<Eigen::Index>(c) * chunk; f < f_end; ++f) {
      const int v[3] = {F(f, 0), F(f, 1), F(f, 2)};
      const int l[3] = {level[static_cast<std::size_t>(v[0])], level[static_cast<std::size_t>(v[1])], level[static_cast<std::size_t>(v[2])]};
      const int lo = std::min({l[0], l[1], l[2]}), hi = std::max({l[0], l[1], l[2]});
      if (lo == hi) continue;
      const double z[3] = {V(v[0], 2), V(v[1], 2), V(v[2], 2)};
      for (int li = lo; li != hi; ++li) {
        const double h = sorted[static_cast<std::size_t>(li)];
        // Find the two edges with one end below (z < h) and one at or above.
        Eigen::Vector2d pts[2];
        std::uint64_t keys[2];
        bool down[2] = {false, false};  // the face's edge, in winding order, goes from above to below
        int k = 0;
        for (int e = 0; e < 3 && k < 2; ++e) {
          const int i = e, j = (e + 1) % 3;
          const bool bi = z[i] < h, bj = z[j] < h;
          if (bi == bj) continue;
          const double t = (h - z[i]) / (z[j] - z[i]);
          const Eigen::Vector2d pi(V(v[i], 0), V(v[i], 1)), pj(V(v[j], 0), V(v[j], 1));
          pts[k] = pi + t * (pj - pi);
          keys[k] = edge_key(v[i], v[j]);
          down[k] = bj;
          ++k;
        }
        if (k != 2) continue;
        // Orient so that the outward normal lies to the right of the direction (CCW outer loops):
        // for a face wound counter-clockwise about its normal n, that direction (z x n) runs from
        // the crossing of the edge going down to that of the edge going up. Taken from the
        // winding, not from the points, so that a plane through a vertex (a zero-length segment)
        // is oriented like its neighbours and the chain is not broken there.
        const auto idx = static_cast<std::size_t>(order[static_cast<std::size_t>(li)]);
        if (down[0]) segs[idx].push_back({keys[0], keys[1], pts[0], pts[1]});
        else segs[idx].push_back({keys[1], keys[0], pts[1], pts[0]});
      }
    }
  });
  tbb::parallel_for(std::size_t{0}, heights.size(), [&](std::size_t i) {
    std::vector<Segment> segs;
    if (n_chunks == 1) {
      segs = std::move(chunk_segs[0][i]);
    } else {
      std::size_t total = 0;
      for (const auto& cs : chunk_segs) total += cs[i].size();
      segs.reserve(total);
      for (auto& cs : chunk_segs) {
        segs.insert(segs.end(), cs[i].begin(), cs[i].end());
        std::vector<Segment>().swap(cs[i]);
      }
    }
    out[i].z = heights[i];
    out[i].loops = chain_segments(segs, options);
  });
  return out;
}

}  // namespace contour
