#include "contour/import/clean_mesh.hpp"

#include "contour/core/errors.hpp"

#include "core/bucket_by_key.hpp"
#include "core/for_ranges.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

namespace contour {
namespace {

struct Key {
  std::int64_t x, y, z;
  bool operator==(const Key& o) const { return x == o.x && y == o.y && z == o.z; }
};

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

int find_root(std::vector<int>& parent, int i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

}  // namespace

CleanResult clean_mesh(const Mesh& mesh, const std::string& name, const CleanOptions& options) {
  CleanResult res;
  const Eigen::Index nv = mesh.num_vertices();
  // An in-memory mesh has not been through a reader's checks: validate what we index with.
  if (!mesh.V.allFinite()) throw InvalidInput(name + ": a vertex has a non-finite coordinate (NaN or Inf)");
  if (mesh.num_faces() > 0 && (mesh.F.minCoeff() < 0 || mesh.F.maxCoeff() >= nv))
    throw InvalidInput(name + ": a face refers to a vertex outside 0.." + std::to_string(nv - 1));
  if (!mesh.face_group.empty() && static_cast<Eigen::Index>(mesh.face_group.size()) != mesh.num_faces())
    throw InvalidInput(name + ": " + std::to_string(mesh.face_group.size()) + " face groups for " +
                       std::to_string(mesh.num_faces()) + " faces");
  if (mesh.num_faces() == 0) throw InvalidInput(name + ": the mesh has no faces");
  // The welding grid comes from the vertices the faces use: an unused vertex far away (a stray
  // point at 1e8) must not coarsen the grid until distinct body vertices merge.
  std::vector<char> referenced(static_cast<std::size_t>(nv), 0);
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f)
    for (int c = 0; c < 3; ++c) referenced[static_cast<std::size_t>(mesh.F(f, c))] = 1;
  BoundingBox box;
  box.min = Eigen::Vector3d::Constant(std::numeric_limits<double>::infinity());
  box.max = -box.min;
  for (Eigen::Index i = 0; i < nv; ++i)
    if (referenced[static_cast<std::size_t>(i)]) {
      box.min = box.min.cwiseMin(mesh.V.row(i).transpose());
      box.max = box.max.cwiseMax(mesh.V.row(i).transpose());
    }
  const double diag = nv > 0 ? box.extent().norm() : 0.0;
  const double tol = options.merge_tolerance_fraction * diag;

  // 1. Merge duplicates: vertices whose snapped coordinates are equal merge into the first of
  // them. One pass through an open-addressing table of vertex indices keyed by the snapped
  // coordinates (linear time; several times faster than sorting at scan sizes).
  std::vector<int> remap(static_cast<std::size_t>(nv));
  std::vector<int> rep;  // representative original vertex of each merged vertex
  rep.reserve(static_cast<std::size_t>(nv));
  {
    const double inv = tol > 0 ? 1.0 / tol : 0.0;
    std::vector<Key> keys(static_cast<std::size_t>(nv));
    std::vector<std::uint64_t> hash(static_cast<std::size_t>(nv));
    detail::for_ranges(nv, [&](Eigen::Index begin, Eigen::Index end) {
    for (Eigen::Index i = begin; i < end; ++i) {
      Key& k = keys[static_cast<std::size_t>(i)];
      if (tol > 0 && !referenced[static_cast<std::size_t>(i)]) {
        // Unused (dropped below): a key of its own, off the grid (snapped keys are >= 0).
        k = {std::numeric_limits<std::int64_t>::min(), static_cast<std::int64_t>(i), std::numeric_limits<std::int64_t>::min()};
      } else if (tol > 0) {
        k = {static_cast<std::int64_t>(std::llround((mesh.V(i, 0) - box.min.x()) * inv)),
             static_cast<std::int64_t>(std::llround((mesh.V(i, 1) - box.min.y()) * inv)),
             static_cast<std::int64_t>(std::llround((mesh.V(i, 2) - box.min.z()) * inv))};
      } else {
        std::memcpy(&k.x, &mesh.V(i, 0), 8);
        std::memcpy(&k.y, &mesh.V(i, 1), 8);
        std::memcpy(&k.z, &mesh.V(i, 2), 8);
      }
      hash[static_cast<std::size_t>(i)] = mix(static_cast<std::uint64_t>(k.x) * 0x9E3779B97F4A7C15ULL ^
                                              mix(static_cast<std::uint64_t>(k.y) + 0x632BE59BD9B4E019ULL) ^
                                              mix(static_cast<std::uint64_t>(k.z) ^ 0x85EBCA6B0A2F7E15ULL));
    }
    });
    std::size_t cap = 16;
    while (cap < 2 * static_cast<std::size_t>(nv)) cap <<= 1;
    const std::size_t mask = cap - 1;
    // A slot holds the upper 32 bits of the hash (a tag that spares most key comparisons) and
    // the merged vertex number; all ones marks an empty slot. Slots are prefetched a few
    // vertices ahead: the table is larger than the caches and the lookups are random.
    constexpr std::uint64_t empty = ~std::uint64_t{0};
    std::vector<std::uint64_t> slot(cap, empty);
    constexpr std::size_t ahead = 16;
    for (std::size_t i = 0; i < hash.size(); ++i) {
      if (i + ahead < hash.size()) __builtin_prefetch(&slot[hash[i + ahead] & mask]);
      const Key& k = keys[i];
      const std::uint64_t tag = hash[i] >> 32;
      std::size_t h = hash[i] & mask;
      int m = -1;
      while (slot[h] != empty) {
        if ((slot[h] >> 32) == tag) {
          const int cand = static_cast<int>(slot[h] & 0xffffffffu);
          if (keys[static_cast<std::size_t>(rep[static_cast<std::size_t>(cand)])] == k) {
            m = cand;
            break;
          }
        }
        h = (h + 1) & mask;
      }
      if (m < 0) {
        m = static_cast<int>(rep.size());
        rep.push_back(static_cast<int>(i));
        slot[h] = (tag << 32) | static_cast<std::uint32_t>(m);
      }
      remap[i] = m;
    }
    res.report.merged_vertices = nv - static_cast<long long>(rep.size());
  }

  // 2. Drop degenerate (repeated vertex or zero area) and duplicate faces.
  std::vector<std::array<int, 3>> faces;
  std::vector<int> groups;
  faces.reserve(static_cast<std::size_t>(mesh.num_faces()));
  std::vector<Eigen::Index> source;
  source.reserve(static_cast<std::size_t>(mesh.num_faces()));
  {
    std::vector<char> degenerate(static_cast<std::size_t>(mesh.num_faces()));
    detail::for_ranges(mesh.num_faces(), [&](Eigen::Index begin, Eigen::Index end) {
      for (Eigen::Index f = begin; f < end; ++f) {
        const int a = remap[mesh.F(f, 0)], b = remap[mesh.F(f, 1)], c = remap[mesh.F(f, 2)];
        bool bad = a == b || b == c || a == c;
        if (!bad) {
          const Eigen::Vector3d pa = mesh.V.row(rep[a]), pb = mesh.V.row(rep[b]), pc = mesh.V.row(rep[c]);
          bad = !((pb - pa).cross(pc - pa).norm() > 1e-14 * diag * diag);
        }
        degenerate[static_cast<std::size_t>(f)] = bad;
      }
    });
    for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
      if (degenerate[static_cast<std::size_t>(f)]) {
        ++res.report.degenerate_faces;
        continue;
      }
      faces.push_back({remap[mesh.F(f, 0)], remap[mesh.F(f, 1)], remap[mesh.F(f, 2)]});
      source.push_back(f);
    }
  }
  {
    // Duplicates: faces with the same three vertices; keep the first. Faces are grouped by
    // their lowest vertex (counting sort, linear time); within a group, equal (middle, highest)
    // pairs are duplicates.
    std::vector<char> drop(faces.size(), 0);
    std::vector<std::array<int, 3>> sorted(faces.size());
    detail::for_ranges(static_cast<Eigen::Index>(faces.size()), [&](Eigen::Index begin, Eigen::Index end) {
      for (auto i = static_cast<std::size_t>(begin); i < static_cast<std::size_t>(end); ++i) {
        sorted[i] = faces[i];
        std::sort(sorted[i].begin(), sorted[i].end());
      }
    });
    const Buckets by_low = bucket_by_key(faces.size(), rep.size(), [&](std::size_t i) { return sorted[i][0]; });
    detail::for_ranges(static_cast<Eigen::Index>(rep.size()), [&](Eigen::Index begin, Eigen::Index end) {
      std::vector<std::array<int, 3>> group;  // (middle, highest, face), sorted
      for (auto v = static_cast<std::size_t>(begin); v < static_cast<std::size_t>(end); ++v) {
        const int b = by_low.start[v], e = by_low.start[v + 1];
        if (e - b < 2) continue;
        group.clear();
        for (int j = b; j < e; ++j) {
          const int f = by_low.order[static_cast<std::size_t>(j)];
          group.push_back({sorted[static_cast<std::size_t>(f)][1], sorted[static_cast<std::size_t>(f)][2], f});
        }
        std::sort(group.begin(), group.end());
        for (std::size_t j = 1; j < group.size(); ++j)
          if (group[j][0] == group[j - 1][0] && group[j][1] == group[j - 1][1]) drop[static_cast<std::size_t>(group[j][2])] = 1;
      }
    });
    std::size_t w = 0;
    for (std::size_t i = 0; i < faces.size(); ++i) {
      if (drop[i]) {
        ++res.report.duplicate_faces;
        continue;
      }
      faces[w] = faces[i];
      if (!mesh.face_group.empty()) groups.push_back(mesh.face_group[static_cast<std::size_t>(source[i])]);
      ++w;
    }
    faces.resize(w);
  }
  if (faces.empty())
    throw InvalidInput(name + ": all " + std::to_string(mesh.num_faces()) + " faces are degenerate (zero area)");

  // 3. Drop unreferenced vertices and pack, keeping the surviving vertices in their original
  // order (so that vertex i of a clean input stays vertex i).
  std::vector<int> used(rep.size(), -1);
  for (const auto& t : faces)
    for (int v : t) used[v] = 0;
  int next = 0;
  for (int& u : used)
    if (u == 0) u = next++;
  res.report.unreferenced_vertices = static_cast<long long>(rep.size()) - next;
  res.mesh.V.resize(next, 3);
  for (std::size_t v = 0; v < rep.size(); ++v)
    if (used[v] >= 0) res.mesh.V.row(used[v]) = mesh.V.row(rep[v]);
  res.mesh.F.resize(static_cast<Eigen::Index>(faces.size()), 3);
  for (std::size_t f = 0; f < faces.size(); ++f)
    for (int k = 0; k < 3; ++k) res.mesh.F(static_cast<Eigen::Index>(f), k) = used[faces[f][k]];
  res.mesh.face_group = std::move(groups);
  res.mesh.group_names = mesh.group_names;
  res.vertex_map.resize(static_cast<std::size_t>(nv));
  for (std::size_t i = 0; i < res.vertex_map.size(); ++i) res.vertex_map[i] = used[static_cast<std::size_t>(remap[i])];
  return res;
}

Pieces connected_pieces(const Mesh& mesh) {
  const auto nv = static_cast<int>(mesh.num_vertices());
  std::vector<int> parent(static_cast<std::size_t>(nv));
  std::iota(parent.begin(), parent.end(), 0);
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
    const int a = find_root(parent, mesh.F(f, 0));
    for (int k = 1; k < 3; ++k) {
      const int b = find_root(parent, mesh.F(f, k));
      if (a != b) parent[b] = a;
    }
  }
  Pieces p;
  std::vector<int> piece_of_root(static_cast<std::size_t>(nv), -1);
  p.face_piece.resize(static_cast<std::size_t>(mesh.num_faces()));
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
    const int r = find_root(parent, mesh.F(f, 0));
    if (piece_of_root[r] < 0) {
      piece_of_root[r] = static_cast<int>(p.area.size());
      p.area.push_back(0);
      p.faces.push_back(0);
      p.box.emplace_back();
    }
    const int id = piece_of_root[r];
    p.face_piece[static_cast<std::size_t>(f)] = id;
    const Eigen::Vector3d a = mesh.V.row(mesh.F(f, 0)), b = mesh.V.row(mesh.F(f, 1)), c = mesh.V.row(mesh.F(f, 2));
    p.area[id] += 0.5 * (b - a).cross(c - a).norm();
    p.faces[id] += 1;
    for (const Eigen::Vector3d* q : {&a, &b, &c}) {
      p.box[id].min = p.box[id].min.cwiseMin(*q);
      p.box[id].max = p.box[id].max.cwiseMax(*q);
    }
  }
  return p;
}

Mesh extract_pieces(const Mesh& mesh, const Pieces& pieces, const std::vector<bool>& keep, std::vector<int>* vertex_map) {
  std::vector<int> used(static_cast<std::size_t>(mesh.num_vertices()), -1);
  std::vector<Eigen::Index> kept_faces;
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
    if (!keep[pieces.face_piece[static_cast<std::size_t>(f)]]) continue;
    kept_faces.push_back(f);
    for (int k = 0; k < 3; ++k) used[mesh.F(f, k)] = 0;
  }
  int next = 0;  // kept vertices stay in their original order
  for (int& u : used)
    if (u == 0) u = next++;
  Mesh out;
  out.V.resize(next, 3);
  for (Eigen::Index v = 0; v < mesh.num_vertices(); ++v)
    if (used[v] >= 0) out.V.row(used[v]) = mesh.V.row(v);
  out.F.resize(static_cast<Eigen::Index>(kept_faces.size()), 3);
  for (std::size_t i = 0; i < kept_faces.size(); ++i) {
    for (int k = 0; k < 3; ++k) out.F(static_cast<Eigen::Index>(i), k) = used[mesh.F(kept_faces[i], k)];
    if (!mesh.face_group.empty()) out.face_group.push_back(mesh.face_group[static_cast<std::size_t>(kept_faces[i])]);
  }
  out.group_names = mesh.group_names;
  if (vertex_map) *vertex_map = std::move(used);
  return out;
}

}  // namespace contour
