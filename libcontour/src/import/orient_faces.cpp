#include "contour/import/orient_faces.hpp"

#include <algorithm>
#include <vector>

namespace contour {

FaceFlips find_face_flips(const Mesh& mesh, const Pieces& pieces) {
  FaceFlips out;
  OrientReport& rep = out.report;
  const auto nf = static_cast<std::size_t>(mesh.num_faces());
  const auto nv = static_cast<std::size_t>(mesh.num_vertices());
  if (nf == 0) return out;

  // Half-edges filed under their lower vertex (a counting sort, linear time), each entry the
  // higher vertex and the half-edge with its direction; the same edge's half-edges then sit
  // together.
  std::vector<int> start(nv + 1, 0);
  for (std::size_t f = 0; f < nf; ++f)
    for (int k = 0; k < 3; ++k)
      ++start[static_cast<std::size_t>(std::min(mesh.F(f, k), mesh.F(f, (k + 1) % 3))) + 1];
  for (std::size_t v = 0; v < nv; ++v) start[v + 1] += start[v];
  struct Entry {
    int other;      ///< the edge's higher vertex
    int half_edge;  ///< 2 (3 f + k) + 1 if the face runs the edge from the lower vertex up
  };
  std::vector<Entry> entries(static_cast<std::size_t>(start[nv]));
  {
    std::vector<int> cursor(start.begin(), start.end() - 1);
    for (std::size_t f = 0; f < nf; ++f)
      for (int k = 0; k < 3; ++k) {
        const int a = mesh.F(f, k), b = mesh.F(f, (k + 1) % 3);
        entries[static_cast<std::size_t>(cursor[static_cast<std::size_t>(std::min(a, b))]++)] =
            Entry{std::max(a, b), 2 * (static_cast<int>(3 * f) + k) + (a < b ? 1 : 0)};
      }
  }
  // Neighbour across each half-edge: 2 g + (1 if both faces run the edge the same way), or -1.
  std::vector<int> across(3 * nf, -1);
  for (std::size_t a = 0; a < nv; ++a) {
    const auto first = entries.begin() + start[a], last = entries.begin() + start[a + 1];
    for (auto i = first + (first != last ? 1 : 0); i < last; ++i)  // insertion sort: the lists are short
      for (auto j = i; j != first && (j - 1)->other > j->other; --j) std::swap(*j, *(j - 1));
    for (auto i = first; i != last;) {
      auto j = i;
      while (j != last && j->other == i->other) ++j;
      if (j - i == 2) {
        const int h0 = i->half_edge >> 1, h1 = (i + 1)->half_edge >> 1;
        const int same = (i->half_edge & 1) == ((i + 1)->half_edge & 1) ? 1 : 0;
        across[static_cast<std::size_t>(h0)] = 2 * (h1 / 3) + same;
        across[static_cast<std::size_t>(h1)] = 2 * (h0 / 3) + same;
      } else if (j - i > 2) {
        ++rep.nonmanifold_edges;
      }
      i = j;
    }
  }
  entries = {};

  // The reference point of the outward test: the centre of each piece's bounding box (any
  // point gives a closed patch's volume; an interior one keeps an open body's cones positive).
  const std::size_t np = pieces.area.size();
  std::vector<Eigen::Vector3d> centre(np);
  for (std::size_t p = 0; p < np; ++p) centre[p] = 0.5 * (pieces.box[p].min + pieces.box[p].max);

  // Breadth first over each patch: flip[f] = 1 when f must be reversed to match the seed.
  std::vector<signed char> flip(nf, -1);
  std::vector<int> queue;
  std::vector<char> piece_touched(np, 0);
  out.reverse.assign(nf, 0);
  for (std::size_t seed = 0; seed < nf; ++seed) {
    if (flip[seed] >= 0) continue;
    ++rep.patches;
    queue.clear();
    queue.push_back(static_cast<int>(seed));
    flip[seed] = 0;
    const auto p = static_cast<std::size_t>(pieces.face_piece[seed]);
    double outward = 0;  // 6 x signed volume of the cones from the piece centre, as seeded
    for (std::size_t q = 0; q < queue.size(); ++q) {
      const int f = queue[q];
      const Eigen::Vector3d a = mesh.V.row(mesh.F(f, 0)), b = mesh.V.row(mesh.F(f, 1)), c = mesh.V.row(mesh.F(f, 2));
      const double v = (a - centre[p]).dot((b - centre[p]).cross(c - centre[p]));
      outward += flip[static_cast<std::size_t>(f)] ? -v : v;
      for (int k = 0; k < 3; ++k) {
        const int n = across[static_cast<std::size_t>(3 * f + k)];
        if (n < 0) continue;
        const int g = n / 2;
        const signed char want = static_cast<signed char>(flip[static_cast<std::size_t>(f)] ^ (n & 1));
        if (flip[static_cast<std::size_t>(g)] < 0) {
          flip[static_cast<std::size_t>(g)] = want;
          queue.push_back(g);
        } else if (flip[static_cast<std::size_t>(g)] != want && g > f) {
          ++rep.inconsistent_edges;  // counted once per edge
        }
      }
    }
    const bool reverse_patch = outward < 0;
    if (reverse_patch) ++rep.patches_flipped;
    for (int f : queue) {
      const bool reverse = (flip[static_cast<std::size_t>(f)] != 0) != reverse_patch;
      if (!reverse) continue;
      out.reverse[static_cast<std::size_t>(f)] = 1;
      ++rep.faces_flipped;
      piece_touched[p] = 1;
    }
  }
  rep.pieces_reoriented = std::count(piece_touched.begin(), piece_touched.end(), 1);
  if (rep.faces_flipped == 0) out.reverse.clear();
  return out;
}

void apply_face_flips(Mesh& mesh, const FaceFlips& flips) {
  for (std::size_t f = 0; f < flips.reverse.size(); ++f)
    if (flips.reverse[f]) std::swap(mesh.F(static_cast<Eigen::Index>(f), 1), mesh.F(static_cast<Eigen::Index>(f), 2));
}

OrientReport orient_faces(Mesh& mesh, const Pieces& pieces) {
  const FaceFlips flips = find_face_flips(mesh, pieces);
  apply_face_flips(mesh, flips);
  return flips.report;
}

}  // namespace contour
