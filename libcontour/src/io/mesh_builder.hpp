#pragma once
// Accumulates vertices and polygons while a reader parses, then checks and packs a Mesh.
#include "contour/core/errors.hpp"
#include "contour/core/mesh.hpp"

#include <cmath>
#include <string>
#include <vector>

namespace contour::detail {

[[noreturn]] inline void fail_input(const std::string& path, const std::string& what) {
  throw InvalidInput(path + ": " + what);
}

class MeshBuilder {
 public:
  explicit MeshBuilder(std::string path) : path_(std::move(path)) {}

  void reserve(std::size_t vertices, std::size_t triangles) {
    xyz_.reserve(3 * vertices);
    tri_.reserve(3 * triangles);
    groups_.reserve(triangles);
  }

  void add_vertex(double x, double y, double z, const char* label, long long number) {
    if (!std::isfinite(x) || !std::isfinite(y) || !std::isfinite(z))
      fail_input(path_, std::string(label) + " " + std::to_string(number) + ": vertex " + std::to_string(num_vertices()) +
                            " has a non-finite coordinate (NaN or Inf)");
    xyz_.push_back(x);
    xyz_.push_back(y);
    xyz_.push_back(z);
  }

  [[nodiscard]] long long num_vertices() const { return static_cast<long long>(xyz_.size() / 3); }

  /// Adds a polygon (fan-triangulated). Indices must already be 0-based; they are checked at
  /// finish() against the final vertex count so forward references (legal in OBJ) work.
  void add_polygon(const long long* idx, std::size_t n, int group, const char* label, long long number) {
    if (n < 3) fail_input(path_, std::string(label) + " " + std::to_string(number) + ": a face needs at least 3 vertices, got " + std::to_string(n));
    for (std::size_t i = 0; i < n; ++i) {
      if (idx[i] < 0 || idx[i] > 2147483647LL)
        fail_input(path_, std::string(label) + " " + std::to_string(number) + ": face vertex index " + std::to_string(idx[i]) + " is out of range");
    }
    for (std::size_t i = 1; i + 1 < n; ++i) {
      tri_.push_back(static_cast<int>(idx[0]));
      tri_.push_back(static_cast<int>(idx[i]));
      tri_.push_back(static_cast<int>(idx[i + 1]));
      groups_.push_back(group);
      any_group_ = any_group_ || group >= 0;
    }
  }

  [[nodiscard]] Mesh finish(std::vector<std::string> group_names = {}) {
    const long long nv = num_vertices();
    if (tri_.empty()) {
      if (nv > 0) fail_input(path_, "has " + std::to_string(nv) + " vertices but no faces (a point cloud, not a surface)");
      fail_input(path_, "contains no vertices and no faces");
    }
    for (std::size_t i = 0; i < tri_.size(); ++i) {
      if (tri_[i] >= nv)
        fail_input(path_, "face " + std::to_string(i / 3) + " refers to vertex " + std::to_string(tri_[i]) +
                              " but the file has only " + std::to_string(nv) + " vertices");
    }
    Mesh m;
    m.V = Eigen::Map<const Vertices>(xyz_.data(), static_cast<Eigen::Index>(nv), 3);
    m.F = Eigen::Map<const Faces>(tri_.data(), static_cast<Eigen::Index>(tri_.size() / 3), 3);
    if (any_group_) {
      m.face_group = std::move(groups_);
      m.group_names = std::move(group_names);
    }
    return m;
  }

 private:
  std::string path_;
  std::vector<double> xyz_;
  std::vector<int> tri_;
  std::vector<int> groups_;
  bool any_group_ = false;
};

}  // namespace contour::detail
