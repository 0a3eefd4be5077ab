#include "body_zoo.hpp"

#include "contour/io/read_mesh.hpp"
#include "contour/io/write_mesh.hpp"
#include "contour/section/slice_mesh.hpp"

#include <Eigen/Geometry>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>

#ifndef CONTOUR_SHARED_DATA_DIR
#error "CONTOUR_SHARED_DATA_DIR must name the shared data folder"
#endif

namespace contour::test {
namespace {

// Vertex indices of MakeHuman's hm08 base mesh (0-based, as in base.obj and the targets).
// How they were found: docs/body-zoo.md.
constexpr int kPerineum[] = {4376, 6431, 4372, 4374};  // lowest midline vertices between the legs
// Index 0 = patient's left (+x in MakeHuman, -x canonical), 1 = right.
constexpr int kTrochanter[2] = {10925, 4295};
constexpr int kIliacCrest[2] = {10807, 4166};
constexpr int kWaist[2] = {10641, 3980};

constexpr double kDmToMm = 100.0;
/// Inner-thigh surfaces closer than this to the midline are taken as touching (a scanner does not
/// resolve a gap of a few mm between pressed thighs; the slicer joins chains 10-15 mm apart).
constexpr double kContactMm = 3.0;

struct Target {
  std::vector<int> index;
  std::vector<Eigen::Vector3d> delta;
};

struct BaseMesh {
  Vertices V;  ///< all 19 158 vertices, decimetres, MakeHuman axes
  Faces F;     ///< body group only, triangulated
};

std::mutex& cache_mutex() {
  static std::mutex m;
  return m;
}

const BaseMesh& base_mesh() {
  static BaseMesh base;
  static bool loaded = false;
  std::lock_guard<std::mutex> lock(cache_mutex());
  if (!loaded) {
    const ReadMeshResult r = read_mesh(body_zoo_data_dir() + "/base.obj");
    int body = -1;
    for (std::size_t g = 0; g < r.mesh.group_names.size(); ++g)
      if (r.mesh.group_names[g] == "body") body = static_cast<int>(g);
    if (body < 0) throw std::runtime_error("base.obj has no 'body' group");
    std::vector<int> keep;
    for (Eigen::Index f = 0; f < r.mesh.num_faces(); ++f)
      if (r.mesh.face_group[static_cast<std::size_t>(f)] == body) keep.push_back(static_cast<int>(f));
    base.V = r.mesh.V;
    base.F.resize(static_cast<Eigen::Index>(keep.size()), 3);
    for (std::size_t i = 0; i < keep.size(); ++i) base.F.row(static_cast<Eigen::Index>(i)) = r.mesh.F.row(keep[i]);
    loaded = true;
  }
  return base;
}

const Target& target(const std::string& relative) {
  static std::map<std::string, Target> cache;
  std::lock_guard<std::mutex> lock(cache_mutex());
  auto it = cache.find(relative);
  if (it != cache.end()) return it->second;
  const std::string path = body_zoo_data_dir() + "/targets/" + relative + ".target";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read MakeHuman target " + path);
  Target t;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream s(line);
    int i = 0;
    double dx = 0, dy = 0, dz = 0;
    if (s >> i >> dx >> dy >> dz) {
      t.index.push_back(i);
      t.delta.emplace_back(dx, dy, dz);
    }
  }
  return cache.emplace(relative, std::move(t)).first->second;
}

void add_target(Vertices& V, const std::string& relative, double w) {
  if (std::abs(w) < 1e-9) return;
  const Target& t = target(relative);
  for (std::size_t k = 0; k < t.index.size(); ++k)
    if (t.index[k] >= 0 && t.index[k] < V.rows()) V.row(t.index[k]) += w * t.delta[k].transpose();
}

/// Platform-independent uniform numbers (std distributions differ between standard libraries).
class Random {
 public:
  explicit Random(std::uint32_t seed) : gen_(seed) {}
  double uniform(double a = 0, double b = 1) { return a + (b - a) * (gen_() / 4294967296.0); }
  int pick(int n) { return std::min(n - 1, static_cast<int>(uniform() * n)); }
  bool chance(double p) { return uniform() < p; }

 private:
  std::mt19937 gen_;
};

/// MakeHuman's interpolation between the min/average/max levels of a macro value in [0, 1].
std::array<double, 3> three_level_weights(double v) {
  if (v < 0.5) return {(0.5 - v) / 0.5, v / 0.5, 0.0};
  return {0.0, (1.0 - v) / 0.5, (v - 0.5) / 0.5};
}

struct ShapeTarget {
  const char* file;  ///< after "bodyshapes-elvs-fem-"
  const char* name;
};
constexpr ShapeTarget kShapes[] = {
    {"triangle", "pear"},        {"apple", "apple"},           {"full-hourglass", "hourglass"},
    {"rectangle", "rectangle"},  {"neat-hourglass", "neathourglass"}, {"lean-column", "column"},
    {"diamond", "diamond"},      {"invert-triangle", "invtriangle"},  {"ovary", "ovary"},
    {"liver", "liver"},          {"adrenal", "adrenal"},       {"thyroid", "thyroid"}};

Mesh submesh(const Vertices& V, const Faces& F, const std::vector<int>& faces, std::vector<int>& old_to_new) {
  old_to_new.assign(static_cast<std::size_t>(V.rows()), -1);
  int n = 0;
  for (int f : faces)
    for (int k = 0; k < 3; ++k)
      if (old_to_new[static_cast<std::size_t>(F(f, k))] < 0) old_to_new[static_cast<std::size_t>(F(f, k))] = n++;
  Mesh m;
  m.V.resize(n, 3);
  for (Eigen::Index i = 0; i < V.rows(); ++i)
    if (old_to_new[static_cast<std::size_t>(i)] >= 0) m.V.row(old_to_new[static_cast<std::size_t>(i)]) = V.row(i);
  m.F.resize(static_cast<Eigen::Index>(faces.size()), 3);
  for (std::size_t i = 0; i < faces.size(); ++i)
    for (int k = 0; k < 3; ++k) m.F(static_cast<Eigen::Index>(i), k) = old_to_new[static_cast<std::size_t>(F(faces[i], k))];
  return m;
}

Eigen::Matrix3d rotation_about(const Eigen::Vector3d& axis, double angle_rad) {
  return Eigen::AngleAxisd(angle_rad, axis.normalized()).toRotationMatrix();
}

}  // namespace

std::string body_zoo_data_dir() { return std::string(CONTOUR_SHARED_DATA_DIR) + "/makehuman"; }

bool body_zoo_available() {
  namespace fs = std::filesystem;
  const std::string d = body_zoo_data_dir();
  return fs::is_regular_file(d + "/base.obj") && fs::is_directory(d + "/targets/macrodetails");
}

ZooBody make_zoo_body(int index, unsigned seed) {
  if (!body_zoo_available()) throw std::runtime_error("body zoo: no MakeHuman data in " + body_zoo_data_dir());
  Random rnd(static_cast<std::uint32_t>(seed) * 2654435761u + static_cast<std::uint32_t>(index) * 40503u + 17u);
  ZooBody b;
  const BaseMesh& base = base_mesh();
  Vertices V = base.V;

  // Macro values: every third body heavy with fat thighs (the touching-thighs case real surveys
  // show), the rest over the whole range; age young (0) to old (1).
  const bool heavy_thighs = index % 3 == 0;
  b.age = rnd.uniform();
  b.muscle = rnd.uniform();
  b.weight = heavy_thighs ? rnd.uniform(0.6, 1.0) : rnd.uniform();
  const std::array<double, 2> wa{1.0 - b.age, b.age};
  const std::array<double, 3> wm = three_level_weights(b.muscle), ww = three_level_weights(b.weight);
  const char* ages[2] = {"young", "old"};
  const char* levels[3] = {"min", "average", "max"};
  for (int a = 0; a < 2; ++a)
    for (int m = 0; m < 3; ++m)
      for (int w = 0; w < 3; ++w)
        add_target(V,
                   std::string("macrodetails/universal-female-") + ages[a] + "-" + levels[m] + "muscle-" + levels[w] +
                       "weight",
                   wa[a] * wm[m] * ww[w]);
  double race[3] = {rnd.uniform(), rnd.uniform(), rnd.uniform()};
  const double rsum = race[0] + race[1] + race[2];
  const char* races[3] = {"caucasian", "african", "asian"};
  for (int r = 0; r < 3; ++r)
    for (int a = 0; a < 2; ++a)
      add_target(V, std::string("macrodetails/") + races[r] + "-female-" + ages[a], race[r] / rsum * wa[a]);
  const double height = rnd.uniform(-1, 1);
  for (int a = 0; a < 2; ++a)
    add_target(V, std::string("macrodetails/height/female-") + ages[a] + "-averagemuscle-averageweight-" +
                      (height > 0 ? "maxheight" : "minheight"),
               std::abs(height) * 0.45 * wa[a]);

  // Regional shape.
  const ShapeTarget& shape = kShapes[index % 12];
  b.shape = shape.name;
  add_target(V, std::string("bodyshapes/bodyshapes-elvs-fem-") + shape.file, rnd.uniform(0.4, 1.0));
  auto signed_pair = [&](const std::string& stem, double w) {
    add_target(V, stem + (w >= 0 ? "-incr" : "-decr"), std::abs(w));
  };
  signed_pair("hip/hip-scale-horiz", rnd.uniform(-0.6, 0.6));
  signed_pair("buttocks/buttocks-volume", rnd.uniform(-0.6, 0.8));
  signed_pair("measure/measure-hips-circ", rnd.uniform(-0.6, 0.8));
  signed_pair("measure/measure-waist-circ", rnd.uniform(-0.6, 0.6));
  if (rnd.chance(0.3)) add_target(V, "stomach/stomach-pregnant-incr", rnd.uniform(0.0, 0.5));
  b.thigh_fat = heavy_thighs ? rnd.uniform(0.6, 1.0) : rnd.uniform(-0.5, 0.6);
  const double leg_asym = rnd.chance(0.25) ? rnd.uniform(-0.25, 0.25) : 0.0;
  signed_pair("armslegs/l-upperleg-fat", b.thigh_fat + leg_asym);
  signed_pair("armslegs/r-upperleg-fat", b.thigh_fat - leg_asym);
  if (heavy_thighs) add_target(V, "measure/measure-thigh-circ-incr", rnd.uniform(0.3, 1.0));
  if (rnd.chance(0.3)) {
    b.asymmetry = rnd.uniform(-1.0, 1.0);
    add_target(V, std::string("asym/asymm-trunk-1-") + (b.asymmetry > 0 ? "l" : "r"), std::abs(b.asymmetry));
  }

  // Canonical axes (MakeHuman: +y up, +z front, character's left +x) and mm.
  Vertices C(V.rows(), 3);
  C.col(0) = -kDmToMm * V.col(0);
  C.col(1) = kDmToMm * V.col(2);
  C.col(2) = kDmToMm * V.col(1);
  double zmin = 1e300, zmax = -1e300;
  for (Eigen::Index f = 0; f < base.F.rows(); ++f)
    for (int k = 0; k < 3; ++k) zmin = std::min(zmin, C(base.F(f, k), 2)), zmax = std::max(zmax, C(base.F(f, k), 2));
  const double full_height = zmax - zmin;

  // Crop.
  const int crop = index % 4 == 1 ? 1 : index % 4 == 3 ? 2 : 0;
  const double waist_raw = std::max(C(kWaist[0], 2), C(kWaist[1], 2));
  double lo = -1e300, hi = 1e300;
  if (crop > 0) lo = zmin + rnd.uniform(0.27, 0.31) * full_height;
  if (crop == 1) hi = std::max(zmin + rnd.uniform(0.70, 0.75) * full_height, waist_raw + 80.0);
  if (crop == 2) hi = waist_raw + rnd.uniform(20.0, 60.0);
  b.crop = crop == 0 ? "full" : crop == 1 ? "chest_to_knee" : "waist_to_knee";
  // Thighs that touch: MakeHuman's fat thighs pass through each other, where a scanner sees one
  // surface around both. The faces of each thigh that crossed the midline (inside the other
  // thigh) are removed, so each cross-section there is the outline of both thighs together: the
  // two thighs' open ends meet at the midline and the slicer joins them into one contour, as in
  // a real scan whose thighs touch. A leg face is one whose vertices are all below the perineum
  // and on one side of the midline in the base mesh (whose legs are apart).
  double perineum_base = 1e300;
  for (int v : kPerineum) perineum_base = std::min(perineum_base, kDmToMm * base.V(v, 1));
  int removed = 0;
  std::vector<int> faces;
  for (Eigen::Index f = 0; f < base.F.rows(); ++f) {
    bool in = true;
    for (int k = 0; k < 3; ++k) in = in && C(base.F(f, k), 2) >= lo && C(base.F(f, k), 2) <= hi;
    if (!in) continue;
    int leg = 0;  // -1 left (canonical -x), +1 right, 0 not a leg face
    for (int k = 0; k < 3; ++k) {
      const int v = base.F(f, k);
      const int s = kDmToMm * base.V(v, 1) < perineum_base - 5.0 ? (base.V(v, 0) > 0 ? -1 : 1) : 0;
      leg = k == 0 ? s : (leg == s ? leg : 0);
    }
    if (leg != 0) {
      const double cx = (C(base.F(f, 0), 0) + C(base.F(f, 1), 0) + C(base.F(f, 2), 0)) / 3.0;
      if (cx * leg < kContactMm) {
        ++removed;
        continue;
      }
    }
    faces.push_back(static_cast<int>(f));
  }
  b.thighs_touch = removed > 0;
  std::vector<int> old_to_new;
  b.canonical = submesh(C, base.F, faces, old_to_new);
  const double z0 = b.canonical.V.col(2).minCoeff();
  b.canonical.V.col(2).array() -= z0;
  b.height_mm = b.canonical.V.col(2).maxCoeff();
  auto level = [&](int vertex) {
    if (old_to_new[static_cast<std::size_t>(vertex)] < 0) throw std::logic_error("body zoo: a landmark vertex was cropped");
    return C(vertex, 2) - z0;
  };
  b.crotch_z_mm = 1e300;
  for (int v : kPerineum) b.crotch_z_mm = std::min(b.crotch_z_mm, level(v));
  for (int s = 0; s < 2; ++s) {
    b.trochanter_side_z_mm[static_cast<std::size_t>(s)] = level(kTrochanter[s]);
    b.iliac_side_z_mm[static_cast<std::size_t>(s)] = level(kIliacCrest[s]);
    b.waist_side_z_mm[static_cast<std::size_t>(s)] = level(kWaist[s]);
  }
  b.trochanter_z_mm = 0.5 * (b.trochanter_side_z_mm[0] + b.trochanter_side_z_mm[1]);
  b.iliac_z_mm = 0.5 * (b.iliac_side_z_mm[0] + b.iliac_side_z_mm[1]);
  b.waist_z_mm = 0.5 * (b.waist_side_z_mm[0] + b.waist_side_z_mm[1]);

  // File frame.
  const bool z_up = rnd.chance(0.5);
  const Eigen::Vector3d up = z_up ? Eigen::Vector3d::UnitZ() : Eigen::Vector3d::UnitY();
  const Eigen::Vector3d h1 = z_up ? Eigen::Vector3d::UnitX() : Eigen::Vector3d::UnitZ();
  const Eigen::Vector3d h2 = up.cross(h1);
  b.front_on_axis = rnd.chance(0.7);
  const double yaw = b.front_on_axis ? M_PI / 2 * rnd.pick(4) : rnd.uniform(0, 2 * M_PI);
  const Eigen::Vector3d front = std::cos(yaw) * h1 + std::sin(yaw) * h2;
  Eigen::Matrix3d M;  // canonical -> file rotation: columns are the images of right, front, up
  M.col(0) = front.cross(up);
  M.col(1) = front;
  M.col(2) = up;
  if (rnd.chance(0.3)) {
    b.tilt_deg = rnd.uniform(3.0, 10.0);
    const double a = rnd.uniform(0, 2 * M_PI);
    M = rotation_about(std::cos(a) * h1 + std::sin(a) * h2, b.tilt_deg * M_PI / 180.0) * M;
  }
  b.file_up = M.col(2);
  b.file_front = M.col(1);
  b.file_to_canonical_rotation = M.transpose();
  const char* units[4] = {"mm", "cm", "m", "in"};
  const double mm_per[4] = {1.0, 10.0, 1000.0, 25.4};
  const int u = rnd.pick(4);
  b.unit = units[u];
  b.mm_per_unit = mm_per[u];
  const Eigen::Vector3d offset(rnd.uniform(-400, 400), rnd.uniform(-400, 400), rnd.uniform(-400, 400));
  b.file.V = ((b.canonical.V * M.transpose()).rowwise() + offset.transpose()) / b.mm_per_unit;
  b.file.F = b.canonical.F;
  const double rev = rnd.uniform();
  b.reversed_fraction = rev < 0.6 ? 0.0 : rev < 0.8 ? 1.0 : 0.5;
  b.reversed_faces = b.reversed_fraction > 0;
  for (Eigen::Index f = 0; f < b.file.F.rows(); ++f)
    if (b.reversed_fraction == 1.0 || (b.reversed_fraction == 0.5 && rnd.chance(0.5))) std::swap(b.file.F(f, 1), b.file.F(f, 2));
  const char* formats[5] = {"ply", "obj", "stl", "vtp", "vtk"};
  b.format = formats[rnd.pick(5)];

  char name[160];
  std::snprintf(name, sizeof name, "zoo_%03d_%s_%s_%s%s%s", index, b.shape.c_str(),
                b.age < 0.34 ? "young" : b.age < 0.67 ? "mid" : "old",
                b.weight < 0.3 ? "thin" : b.weight < 0.7 ? "avg" : "heavy", b.thighs_touch ? "_thighstouch" : "",
                b.asymmetry != 0 ? "_asym" : "");
  b.name = name;
  return b;
}

std::vector<ZooBody> make_body_zoo(int count, unsigned seed) {
  std::vector<ZooBody> zoo;
  zoo.reserve(static_cast<std::size_t>(std::max(0, count)));
  for (int i = 0; i < count; ++i) zoo.push_back(make_zoo_body(i, seed));
  return zoo;
}

std::string write_zoo_body(const ZooBody& body, const std::string& folder) {
  const std::string path = folder + "/" + body.name + "." + body.format;
  WriteMeshOptions o;
  o.binary = body.format != "obj";
  write_mesh(path, body.file, o);
  return path;
}

}  // namespace contour::test
