#include "contour/import/clean_mesh.hpp"

#include "contour/core/errors.hpp"

#include <tbb/parallel_sort.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <numeric>

namespace contour {
namespace {

struct Key {
  std::int64_t x, y, z;
  bool operator==(const Key& o) const { return x == o.x && y == o.y && z == o.z; }
};

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
  const BoundingBox box = bounding_box(mesh.V);
  const double diag = nv > 0 ? box.extent().norm() : 0.0;
  const double tol = options.merge_tolerance_fraction * diag;

  // 1. Merge duplicates: sort vertex indices by their (snapped) coordinates; equal neighbours
  // merge. Sorting is O(V log V) and much faster than hashing at scan sizes.
  std::vector<int> remap(static_cast<std::size_t>(nv));
  std::vector<int> rep;  // representative original vertex of each merged vertex
  rep.reserve(static_cast<std::size_t>(nv));
  {
    const double inv = tol > 0 ? 1.0 / tol : 0.0;
    std::vector<Key> keys(static_cast<std::size_t>(nv));
    for (Eigen::Index i = 0; i < nv; ++i) {
      Key& k = keys[static_cast<std::size_t>(i)];
      if (tol > 0) {
        k = {static_cast<std::int64_t>(std::llround((mesh.V(i, 0) - box.min.x()) * inv)),
             static_cast<std::int64_t>(std::llround((mesh.V(i, 1) - box.min.y()) * inv)),
             static_cast<std::int64_t>(std::llround((mesh.V(i, 2) - box.min.z()) * inv))};
      } else {
        std::memcpy(&k.x, &mesh.V(i, 0), 8);
        std::memcpy(&k.y, &mesh.V(i, 1), 8);
        std::memcpy(&k.z, &mesh.V(i, 2), 8);
      }
    }
    std::vector<int> order(static_cast<std::size_t>(nv));
    std::iota(order.begin(), order.end(), 0);
    auto less = [&](int a, int b) {
      const Key& p = keys[static_cast<std::size_t>(a)];
      const Key& q = keys[static_cast<std::size_t>(b)];
      if (p.x != q.x) return p.x < q.x;
      if (p.y != q.y) return p.y < q.y;
      if (p.z != q.z) return p.z < q.z;
      return a < b;  // the first occurrence represents the group
    };
    tbb::parallel_sort(order.begin(), order.end(), less);
    std::vector<int> group_of(static_cast<std::size_t>(nv));
    for (std::size_t k = 0; k < order.size(); ++k) {
      const int v = order[k];
      if (k > 0 && keys[static_cast<std::size_t>(v)] == keys[static_cast<std::size_t>(order[k - 1])])
        group_of[static_cast<std::size_t>(v)] = group_of[static_cast<std::size_t>(order[k - 1])];
      else
        group_of[static_cast<std::size_t>(v)] = v;
    }
    // Number merged vertices in order of their first occurrence, so output order follows input.
    std::vector<int> number(static_cast<std::size_t>(nv), -1);
    for (Eigen::Index i = 0; i < nv; ++i) {
      const int g = group_of[static_cast<std::size_t>(i)];
      if (number[static_cast<std::size_t>(g)] < 0) {
        number[static_cast<std::size_t>(g)] = static_cast<int>(rep.size());
        rep.push_back(g);
      }
      remap[static_cast<std::size_t>(i)] = number[static_cast<std::size_t>(g)];
    }
    res.report.merged_vertices = nv - static_cast<long long>(rep.size());
  }

  // 2. Drop degenerate (repeated vertex or zero area) and duplicate faces.
  std::vector<std::array<int, 3>> faces;
  std::vector<int> groups;
  faces.reserve(static_cast<std::size_t>(mesh.num_faces()));
  std::vector<Eigen::Index> source;
  source.reserve(static_cast<std::size_t>(mesh.num_faces()));
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
    const int a = remap[mesh.F(f, 0)], b = remap[mesh.F(f, 1)], c = remap[mesh.F(f, 2)];
    if (a == b || b == c || a == c) {
      ++res.report.degenerate_faces;
      continue;
    }
    const Eigen::Vector3d pa = mesh.V.row(rep[a]), pb = mesh.V.row(rep[b]), pc = mesh.V.row(rep[c]);
    const double area2 = (pb - pa).cross(pc - pa).norm();
    if (!(area2 > 1e-14 * diag * diag)) {
      ++res.report.degenerate_faces;
      continue;
    }
    faces.push_back({a, b, c});
    source.push_back(f);
  }
  {
    // Duplicates: faces with the same three vertices; keep the first. Sorting packed 64-bit
    // keys (21 bits per index) is several times faster than sorting index triples.
    std::vector<char> drop(faces.size(), 0);
    if (rep.size() < (1u << 21)) {
      std::vector<std::pair<std::uint64_t, int>> keyed(faces.size());
      for (std::size_t i = 0; i < faces.size(); ++i) {
        std::array<int, 3> t = faces[i];
        std::sort(t.begin(), t.end());
        keyed[i] = {(static_cast<std::uint64_t>(t[0]) << 42) | (static_cast<std::uint64_t>(t[1]) << 21) |
                        static_cast<std::uint64_t>(t[2]),
                    static_cast<int>(i)};
      }
      tbb::parallel_sort(keyed.begin(), keyed.end());
      for (std::size_t i = 1; i < keyed.size(); ++i)
        if (keyed[i].first == keyed[i - 1].first) drop[static_cast<std::size_t>(keyed[i].second)] = 1;
    } else {
      std::vector<std::array<int, 4>> sorted(faces.size());
      for (std::size_t i = 0; i < faces.size(); ++i) {
        std::array<int, 3> t = faces[i];
        std::sort(t.begin(), t.end());
        sorted[i] = {t[0], t[1], t[2], static_cast<int>(i)};
      }
      tbb::parallel_sort(sorted.begin(), sorted.end());
      for (std::size_t i = 1; i < sorted.size(); ++i)
        if (sorted[i][0] == sorted[i - 1][0] && sorted[i][1] == sorted[i - 1][1] && sorted[i][2] == sorted[i - 1][2])
          drop[static_cast<std::size_t>(sorted[i][3])] = 1;
    }
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

Mesh extract_pieces(const Mesh& mesh, const Pieces& pieces, const std::vector<bool>& keep) {
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
  return out;
}

}  // namespace contour
