#pragma once
// Shared, expensive inputs of the geometry tests: phantoms and their planned geometry, each
// built once per test process and reused by every test that asks for the same key (phantoms
// are also kept on disk for the next process of the same executable, since ctest runs each
// test alone). Also the checks several test files make on a plan.
#include "contour/core/mesh.hpp"
#include "contour/import/import_scan.hpp"
#include "contour/io/read_mesh.hpp"
#include "contour/io/write_mesh.hpp"
#include "contour/phantom/make_phantom.hpp"
#include "contour/plan/plan_geometry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>

namespace contour::test {

/// Phantom options used across the geometry tests: coarse enough to keep the suite fast
/// (voxel 3 mm: ~270 k triangles with the arms), dips of the given depths, arms beside the hips.
inline PhantomOptions phantom_options(double left_depth_mm, double right_depth_mm, double voxel_mm = 3.0,
                                      bool arms = true) {
  PhantomOptions o;
  o.left.depth_mm = left_depth_mm;
  o.right.depth_mm = right_depth_mm;
  o.voxel_mm = voxel_mm;
  o.arms = arms;
  return o;
}

namespace detail {

/// Every option of a phantom, as text: equal texts build equal phantoms.
inline std::string describe(const PhantomOptions& o) {
  std::ostringstream s;
  s.precision(17);
  for (const PhantomDip& d : {o.left, o.right}) s << d.depth_mm << ' ' << d.height_mm << ' ' << d.width_mm << ' ' << d.centre_z_mm << ' ';
  s << o.stature_mm << ' ' << o.hip_half_width_mm << ' ' << o.waist_half_width_mm << ' ' << o.arms << ' ' << o.arm_gap_mm
    << ' ' << o.open_ends << ' ' << o.voxel_mm << ' ' << o.subdivide;
  return s.str();
}

/// A folder next to the test executable holding phantoms built by earlier test processes of
/// the same executable (ctest runs every test in its own process, and building a phantom
/// costs seconds while planning it costs a fraction of one). Named after the executable's
/// size and time, so a rebuild (a changed library is linked in) never reads stale phantoms;
/// folders of earlier builds are removed. Empty path: no disk cache (then each process builds).
inline std::filesystem::path phantom_cache_dir() {
  namespace fs = std::filesystem;
  static const fs::path dir = [] {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return fs::path();
    const auto size = fs::file_size(exe, ec);
    if (ec) return fs::path();
    const auto time = fs::last_write_time(exe, ec).time_since_epoch().count();
    if (ec) return fs::path();
    const fs::path root = exe.parent_path() / "geometry-phantom-cache";
    const std::string stamp = std::to_string(size) + "-" + std::to_string(time);
    for (const auto& e : fs::directory_iterator(root, ec))
      if (e.path().filename() != stamp) fs::remove_all(e.path(), ec);
    fs::create_directories(root / stamp, ec);
    return ec ? fs::path() : root / stamp;
  }();
  return dir;
}

inline constexpr const char* kCacheMagic = "contour-test-phantom 1";

inline std::unique_ptr<PhantomResult> read_cached_phantom(const std::filesystem::path& base) {
  std::ifstream in(base.string() + ".txt");
  std::string magic;
  if (!in || !std::getline(in, magic) || magic != kCacheMagic) return nullptr;
  auto r = std::make_unique<PhantomResult>();
  long long faces = -1;
  in >> faces >> r->true_fill_left_ml >> r->true_fill_right_ml >> r->mesh_fill_left_ml >> r->mesh_fill_right_ml >>
      r->trochanter_z_mm >> r->iliac_z_mm >> r->waist_z_mm >> r->crotch_z_mm >> r->dip_left_z_mm >> r->dip_right_z_mm;
  if (!in) return nullptr;
  try {
    r->mesh = read_mesh(base.string() + ".ply").mesh;
  } catch (const std::exception&) {
    return nullptr;
  }
  return r->mesh.num_faces() == faces ? std::move(r) : nullptr;
}

inline void write_cached_phantom(const std::filesystem::path& base, const PhantomResult& r) {
  try {
    write_mesh(base.string() + ".ply", r.mesh);  // binary, doubles: read back exactly
    std::ostringstream s;
    s.precision(17);
    s << kCacheMagic << "\n" << r.mesh.num_faces() << ' ' << r.true_fill_left_ml << ' ' << r.true_fill_right_ml << ' '
      << r.mesh_fill_left_ml << ' ' << r.mesh_fill_right_ml << ' ' << r.trochanter_z_mm << ' ' << r.iliac_z_mm << ' '
      << r.waist_z_mm << ' ' << r.crotch_z_mm << ' ' << r.dip_left_z_mm << ' ' << r.dip_right_z_mm << "\n";
    const std::string text = s.str();
    write_file_atomically(base.string() + ".txt", [&](std::ostream& o) { o << text; });  // last: marks it complete
  } catch (const std::exception&) {
    // A cache that cannot be written only costs time.
  }
}

}  // namespace detail

/// Phantoms by name, built on first use in this process (or read back from an earlier test
/// process of the same executable, see detail::phantom_cache_dir).
inline const PhantomResult& cached_phantom(const std::string& key, const std::function<PhantomOptions()>& options) {
  static std::map<std::string, std::unique_ptr<PhantomResult>> cache;
  auto& slot = cache[key];
  if (slot) return *slot;
  const PhantomOptions o = options();
  const std::filesystem::path dir = detail::phantom_cache_dir();
  std::filesystem::path base;
  if (!dir.empty()) {
    std::ostringstream name;
    name << std::hex << std::hash<std::string>{}(detail::describe(o));
    base = dir / name.str();
    slot = detail::read_cached_phantom(base);
  }
  if (!slot) {
    slot = std::make_unique<PhantomResult>(make_phantom(o));
    if (!base.empty()) detail::write_cached_phantom(base, *slot);
  }
  return *slot;
}

/// The phantoms several test files share (one build each per process).
inline const PhantomResult& symmetric_phantom() {  // dips 12 / 12 mm
  return cached_phantom("dips 12/12", [] { return phantom_options(12, 12); });
}
inline const PhantomResult& asymmetric_phantom() {  // dips 8 mm left, 14 mm right
  return cached_phantom("dips 8/14", [] { return phantom_options(8, 14); });
}
inline const PhantomResult& no_dip_phantom() {
  return cached_phantom("dips 0/0", [] { return phantom_options(0, 0); });
}
inline const PhantomResult& right_only_phantom() {  // no dip on the left, 12 mm on the right
  return cached_phantom("dips 0/12", [] { return phantom_options(0, 12); });
}

/// An imported scan and its geometry plan (default options).
struct PlannedScan {
  ImportedScan scan;
  GeometryResult geometry;
  [[nodiscard]] const SideGeometry& left() const { return geometry.sides[0]; }
  [[nodiscard]] const SideGeometry& right() const { return geometry.sides[1]; }
};

/// Plans by name, built on first use from the raw mesh `make()` returns (imported with
/// default options, so units and axes are detected as for a user's file).
inline const PlannedScan& cached_plan(const std::string& key, const std::function<Mesh()>& make,
                                      const ImportOptions& import = {}) {
  static std::map<std::string, std::unique_ptr<PlannedScan>> cache;
  auto& slot = cache[key];
  if (!slot) {
    auto p = std::make_unique<PlannedScan>();
    p->scan = import_mesh(make(), key, import);
    p->geometry = plan_geometry(p->scan);
    slot = std::move(p);
  }
  return *slot;
}

/// Relative difference |a - b| / |b| (b is the reference).
inline double relative_change(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-12); }

/// Both volume methods agree on each side within `tolerance` (relative), or both are below
/// `floor_ml` (a side without a dip, where a relative difference means nothing).
inline void expect_methods_agree(const GeometryResult& g, double tolerance = 0.01, double floor_ml = 0.5) {
  for (const SideGeometry& s : g.sides) {
    SCOPED_TRACE(side_name(s.side));
    const double a = s.fill_ml, b = s.fill_section_ml;
    const double m = std::max(std::abs(a), std::abs(b));
    if (m < floor_ml) continue;
    EXPECT_LE(std::abs(a - b) / m, tolerance) << "method A " << a << " mL, method B " << b << " mL";
  }
}

/// Largest distance, over one side's dip window, between the lateral silhouette of the target
/// surface (at full correction) and the target curve fitted to the scan's silhouette (at full
/// correction), mm. Issue 3 item 5: the target surface is the scan deformed toward the target
/// curves; and the curve is what the plan reports (JSON silhouette.*_target_mm, dip_depth_mm),
/// so it must describe the surface that is exported.
inline double target_surface_gap_mm(const PlannedScan& p, int side) {
  const GeometryResult& g = p.geometry;
  const SideGeometry& sg = g.sides[side];
  const Silhouette after = extract_silhouette(g.surface.target(1.0), p.scan.info.crotch_z_mm);
  const Silhouette& before = g.silhouette;
  EXPECT_EQ(after.z.size(), before.z.size());
  double gap = 0;
  for (std::size_t i = sg.full.first; i <= sg.full.last && i < after.z.size(); ++i) {
    if (!before.valid[i] || !after.valid[i]) continue;
    const double curve = before.width(sg.side, i) + sg.full.fill_mm[i];
    gap = std::max(gap, std::abs(after.width(sg.side, i) - curve));
  }
  return gap;
}

}  // namespace contour::test

namespace contour::test {

/// Plans of the shared phantoms, as they are (canonical frame, mm).
inline const PlannedScan& asymmetric_plan() {
  return cached_plan("phantom 8/14", [] { return asymmetric_phantom().mesh; });
}

}  // namespace contour::test
