// CGAL's AABB tree over a triangle mesh: closest points (registration) and segment crossings
// (the volume gained along each measuring ray). The only translation unit with CGAL's tree.
#include "followup/surface_queries.hpp"

#include <CGAL/AABB_traits.h>
#include <CGAL/AABB_tree.h>
#include <CGAL/AABB_triangle_primitive.h>
#include <CGAL/Simple_cartesian.h>

#include <cmath>
#include <iterator>
#include <limits>
#include <vector>

namespace contour::detail {
namespace {
using K = CGAL::Simple_cartesian<double>;
using Point = K::Point_3;
using Triangle = K::Triangle_3;
using Segment = K::Segment_3;
using Iterator = std::vector<Triangle>::const_iterator;
using Primitive = CGAL::AABB_triangle_primitive<K, Iterator>;
using Traits = CGAL::AABB_traits<K, Primitive>;
using Tree = CGAL::AABB_tree<Traits>;

Point to_point(const Eigen::Vector3d& p) { return Point(p.x(), p.y(), p.z()); }
Eigen::Vector3d to_vector(const Point& p) { return {p.x(), p.y(), p.z()}; }
}  // namespace

struct SurfaceQueries::Impl {
  std::vector<Triangle> triangles;
  std::vector<Eigen::Vector3d> normals;  // per triangle, unit
  Tree tree;
};

SurfaceQueries::SurfaceQueries(const Mesh& mesh) : impl_(std::make_unique<Impl>()) {
  impl_->triangles.reserve(static_cast<std::size_t>(mesh.num_faces()));
  impl_->normals.reserve(static_cast<std::size_t>(mesh.num_faces()));
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
    const Eigen::Vector3d a = mesh.V.row(mesh.F(f, 0)), b = mesh.V.row(mesh.F(f, 1)), c = mesh.V.row(mesh.F(f, 2));
    const Eigen::Vector3d n = (b - a).cross(c - a);
    const double len = n.norm();
    if (!(len > 1e-12)) continue;  // degenerate: no normal, no area
    impl_->triangles.emplace_back(to_point(a), to_point(b), to_point(c));
    impl_->normals.push_back(n / len);
  }
  if (impl_->triangles.empty()) return;
  impl_->tree.insert(impl_->triangles.cbegin(), impl_->triangles.cend());
  impl_->tree.build();
  impl_->tree.accelerate_distance_queries();
}

SurfaceQueries::~SurfaceQueries() = default;

bool SurfaceQueries::empty() const { return impl_->triangles.empty(); }

ClosestPoint SurfaceQueries::closest(const Eigen::Vector3d& p) const {
  const auto hit = impl_->tree.closest_point_and_primitive(to_point(p));
  ClosestPoint out;
  out.point = to_vector(hit.first);
  out.normal = impl_->normals[static_cast<std::size_t>(hit.second - impl_->triangles.cbegin())];
  out.distance = (out.point - p).norm();
  return out;
}

std::optional<double> SurfaceQueries::nearest_crossing(const Eigen::Vector3d& p, const Eigen::Vector3d& u,
                                                       double reach) const {
  const Segment s(to_point(p - reach * u), to_point(p + reach * u));
  using Hit = Tree::Intersection_and_primitive_id<Segment>::Type;
  std::vector<Hit> hits;
  impl_->tree.all_intersections(s, std::back_inserter(hits));
  double best = std::numeric_limits<double>::infinity();
  for (const Hit& h : hits) {
    // Only skin facing the way the ray measures: the inside of an arm hanging beside the hip,
    // or the far side of the body, faces the other way.
    if (impl_->normals[static_cast<std::size_t>(h.second - impl_->triangles.cbegin())].dot(u) <= 0) continue;
    double t;
    if (const Point* q = boost::get<Point>(&h.first)) {
      t = (to_vector(*q) - p).dot(u);
    } else if (const Segment* e = boost::get<Segment>(&h.first)) {  // the ray runs in a face's plane
      const double t0 = (to_vector(e->source()) - p).dot(u), t1 = (to_vector(e->target()) - p).dot(u);
      t = (t0 <= 0 && t1 >= 0) || (t1 <= 0 && t0 >= 0) ? 0.0 : (std::abs(t0) < std::abs(t1) ? t0 : t1);
    } else {
      continue;
    }
    if (std::abs(t) < std::abs(best)) best = t;
  }
  if (!std::isfinite(best)) return std::nullopt;
  return best;
}

}  // namespace contour::detail
