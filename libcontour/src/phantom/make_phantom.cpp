// The phantom is an implicit surface sampled by VTK's flying-edges contouring:
//  - the torso is a superellipse section (exponent 2.5) with lateral half-width a(z) and
//    anterior/posterior half-depths; a(z) is built from its slope, which is constant between
//    the trochanter and the iliac crest (a straight "hip shelf"), so that the un-carved
//    silhouette over the dip window is exactly straight and the ideal target is well defined;
//  - the legs are the torso minus a medial gap that opens below the crotch;
//  - the buttocks bulge posteriorly above the crotch (as on a body, which front detection uses)
//    and flatten out below the trochanter level;
//  - arms are capsules hanging beside the hips, separate from the body;
//  - a dip is a Gaussian dent that moves the surface radially inwards by delta(theta, z).
// The true carved volume is the quadrature of 1/2 (r_s^2 - (r_s - delta)^2) dtheta dz.
#include "contour/phantom/make_phantom.hpp"

#include "contour/core/errors.hpp"
#include "contour/core/mesh_ops.hpp"

#include <vtkCellArray.h>
#include <vtkFlyingEdges3D.h>
#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace contour {
namespace {

constexpr double kExponent = 2.5;

double smootherstep(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * t * (t * (6 * t - 15) + 10);
}

struct Body {
  double H, z_bot, z_top, z_c, z_t, z_i, z_w;
  double s_thigh = 0.07, s_shelf = 0, s_up = -0.5, s_chest = 0.25;
  double a_hip;
  // Tabulated half-width a(z) at 0.05 mm.
  double z0 = 0, dz = 0.05;
  std::vector<double> a_tab;

  double slope(double z) const {
    if (z < z_t) return s_shelf + (s_thigh - s_shelf) * (1 - smootherstep((z - (z_t - 70)) / 70));
    if (z <= z_i) return s_shelf;
    if (z < z_w - 25) return s_shelf + (s_up - s_shelf) * smootherstep((z - z_i) / 45);
    return s_up + (s_chest - s_up) * smootherstep((z - (z_w - 25)) / 50);
  }
  void tabulate() {
    z0 = z_bot - 20;
    const double z1 = z_top + 80;
    const auto n = static_cast<std::size_t>((z1 - z0) / dz) + 2;
    a_tab.assign(n, 0);
    const auto it = static_cast<std::size_t>((z_t - z0) / dz);
    a_tab[it] = a_hip;
    for (std::size_t i = it + 1; i < n; ++i) {
      const double za = z0 + (i - 1) * dz;
      a_tab[i] = a_tab[i - 1] + dz * 0.5 * (slope(za) + slope(za + dz));
    }
    for (std::size_t i = it; i-- > 0;) {
      const double zb = z0 + (i + 1) * dz;
      a_tab[i] = a_tab[i + 1] - dz * 0.5 * (slope(zb) + slope(zb - dz));
    }
  }
  double a(double z) const {
    const double u = std::clamp((z - z0) / dz, 0.0, static_cast<double>(a_tab.size() - 2));
    const auto i = static_cast<std::size_t>(u);
    const double t = u - i;
    return a_tab[i] * (1 - t) + a_tab[i + 1] * t;
  }
  double b_front(double) const { return 100.0; }
  // Buttocks: a posterior bulge above the crotch that is back to the plain depth below the
  // trochanter level, so the dip window's baseline has no natural concavity in any direction.
  double b_back(double z) const {
    const double rise = smootherstep((z - (z_c - 60)) / 80.0);
    const double fall = 1.0 - smootherstep((z - (z_c + 20)) / std::max(10.0, z_t - 12 - (z_c + 20)));
    return 100.0 + 40.0 * std::min(rise, fall);
  }
  /// Superellipse radius in direction theta at height z.
  double r_surface(double theta, double z) const {
    const double c = std::cos(theta), s = std::sin(theta);
    const double b = s >= 0 ? b_front(z) : b_back(z);
    return 1.0 / std::pow(std::pow(std::abs(c) / a(z), kExponent) + std::pow(std::abs(s) / b, kExponent), 1.0 / kExponent);
  }
  double gap(double z) const { return z < z_c ? 4.0 * std::sqrt(z_c - z) : -1.0; }
};

struct Dent {
  double depth = 0, sigma_z = 1, sigma_arc = 1, z = 0, theta = 0;
  double operator()(double theta_p, double zp, double a_lat) const {
    if (depth <= 0) return 0;
    double d = std::remainder(theta_p - theta, 2 * M_PI);
    const double arc = d * a_lat;
    return depth * std::exp(-0.5 * std::pow((zp - z) / sigma_z, 2)) * std::exp(-0.5 * std::pow(arc / sigma_arc, 2));
  }
};

double smin(double a, double b, double k) {
  const double h = std::max(k - std::abs(a - b), 0.0) / k;
  return std::min(a, b) - h * h * k * 0.25;
}

struct Scene {
  const Body* body;
  Dent left, right;
  bool arms;
  double arm_x, arm_r = 33, arm_top, arm_bottom;
  double field(double x, double y, double z) const {
    const double r = std::hypot(x, y);
    const double theta = std::atan2(y, x);
    const double a = body->a(z);
    const double rs = body->r_surface(theta, z) - left(theta, z, a) - right(theta, z, a);
    double f = rs - r;
    const double g = body->gap(z);
    if (g > 0) f = smin(f, std::abs(x) - g, 8.0);
    if (arms) {
      const double zc = std::clamp(z, arm_bottom, arm_top);
      for (double sx : {-1.0, 1.0}) {
        const double d = std::sqrt(std::pow(x - sx * arm_x, 2) + y * y + std::pow(z - zc, 2));
        f = std::max(f, arm_r - d);
      }
    }
    return std::min({f, z - body->z_bot, body->z_top - z});
  }
};

Mesh contour_scene(const Scene& sc, double voxel, double xmax, double ymin, double ymax, bool open_ends) {
  const double zmin = sc.body->z_bot - 2 * voxel, zmax = sc.body->z_top + 2 * voxel;
  const int nx = static_cast<int>(std::ceil(2 * xmax / voxel)) + 1;
  const int ny = static_cast<int>(std::ceil((ymax - ymin) / voxel)) + 1;
  const int nz = static_cast<int>(std::ceil((zmax - zmin) / voxel)) + 1;
  vtkNew<vtkImageData> img;
  img->SetDimensions(nx, ny, nz);
  img->SetOrigin(-xmax, ymin, zmin);
  img->SetSpacing(voxel, voxel, voxel);
  vtkNew<vtkFloatArray> values;
  values->SetNumberOfTuples(static_cast<vtkIdType>(nx) * ny * nz);
  tbb::parallel_for(0, nz, [&](int k) {
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i)
        values->SetValue((static_cast<vtkIdType>(k) * ny + j) * nx + i,
                         static_cast<float>(sc.field(-xmax + i * voxel, ymin + j * voxel, zmin + k * voxel)));
  });
  img->GetPointData()->SetScalars(values);
  vtkNew<vtkFlyingEdges3D> fe;
  fe->SetInputData(img);
  fe->SetValue(0, 0.0);
  fe->ComputeNormalsOff();
  fe->ComputeGradientsOff();
  fe->ComputeScalarsOff();
  fe->Update();
  vtkPolyData* pd = fe->GetOutput();
  Mesh m;
  m.V.resize(pd->GetNumberOfPoints(), 3);
  for (vtkIdType i = 0; i < pd->GetNumberOfPoints(); ++i) {
    double p[3];
    pd->GetPoint(i, p);
    m.V.row(i) << p[0], p[1], p[2];
  }
  std::vector<std::array<int, 3>> tris;
  vtkCellArray* polys = pd->GetPolys();
  vtkIdType n;
  const vtkIdType* ids;
  for (polys->InitTraversal(); polys->GetNextCell(n, ids);)
    if (n == 3) tris.push_back({static_cast<int>(ids[0]), static_cast<int>(ids[1]), static_cast<int>(ids[2])});
  m.F.resize(static_cast<Eigen::Index>(tris.size()), 3);
  for (std::size_t t = 0; t < tris.size(); ++t) m.F.row(static_cast<Eigen::Index>(t)) << tris[t][0], tris[t][1], tris[t][2];
  if (enclosed_volume(m) < 0) m.F.col(1).swap(m.F.col(2));
  if (open_ends) {
    std::vector<Eigen::Index> keep;
    const double eps = 1e-3;
    for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
      bool cap = true;
      for (int c = 0; c < 3 && cap; ++c) {
        const double z = m.V(m.F(f, c), 2);
        cap = std::abs(z - sc.body->z_bot) < eps || std::abs(z - sc.body->z_top) < eps;
      }
      if (!cap) keep.push_back(f);
    }
    Faces F(static_cast<Eigen::Index>(keep.size()), 3);
    for (std::size_t i = 0; i < keep.size(); ++i) F.row(static_cast<Eigen::Index>(i)) = m.F.row(keep[i]);
    m.F = F;
  }
  // Drop vertices no face uses any more.
  std::vector<int> used(static_cast<std::size_t>(m.num_vertices()), -1);
  int next = 0;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f)
    for (int c = 0; c < 3; ++c)
      if (used[m.F(f, c)] < 0) used[m.F(f, c)] = next++;
  Vertices V(next, 3);
  for (Eigen::Index v = 0; v < m.num_vertices(); ++v)
    if (used[v] >= 0) V.row(used[v]) = m.V.row(v);
  for (Eigen::Index f = 0; f < m.num_faces(); ++f)
    for (int c = 0; c < 3; ++c) m.F(f, c) = used[m.F(f, c)];
  m.V = V;
  return m;
}

double dent_volume(const Body& body, const Dent& dent) {
  if (dent.depth <= 0) return 0;
  double v = 0;
  const double dz = 0.25, dth = 0.001;
  for (double z = dent.z - 5 * dent.sigma_z; z <= dent.z + 5 * dent.sigma_z; z += dz) {
    if (z < body.z_bot || z > body.z_top) continue;
    const double a = body.a(z);
    for (double th = dent.theta - M_PI / 2; th <= dent.theta + M_PI / 2; th += dth) {
      const double rs = body.r_surface(th, z);
      const double d = dent(th, z, a);
      v += 0.5 * (rs * rs - (rs - d) * (rs - d)) * dth * dz;
    }
  }
  return v / 1000.0;  // mm^3 -> mL
}

void check_range(const char* name, double v, double lo, double hi) {
  if (!(v >= lo && v <= hi))
    throw InvalidInput(std::string("phantom option ") + name + " = " + std::to_string(v) + " is outside [" +
                       std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

}  // namespace

PhantomResult make_phantom(const PhantomOptions& o) {
  check_range("stature_mm", o.stature_mm, 1200, 2200);
  check_range("hip_half_width_mm", o.hip_half_width_mm, 100, 350);
  check_range("waist_half_width_mm", o.waist_half_width_mm, 70, o.hip_half_width_mm - 10);
  check_range("voxel_mm", o.voxel_mm, 0.5, 10);
  check_range("arm_gap_mm", o.arm_gap_mm, -30, 200);
  check_range("subdivide", o.subdivide, 0, 4);
  for (const PhantomDip* d : {&o.left, &o.right}) {
    check_range("dip depth_mm", d->depth_mm, 0, 40);
    check_range("dip height_mm", d->height_mm, 20, 300);
    check_range("dip width_mm", d->width_mm, 20, 300);
  }
  Body body;
  const double H = o.stature_mm;
  body.H = H;
  body.z_bot = 0.27 * H;
  body.z_c = 0.455 * H;
  body.z_t = 0.505 * H;
  body.z_i = 0.605 * H;
  body.z_w = 0.655 * H;
  body.z_top = 0.71 * H;
  body.a_hip = o.hip_half_width_mm;
  // The hip shelf falls by 8 % of the hip width from the trochanter to the iliac crest; the
  // slope above it is chosen so that the waist has the requested half-width.
  body.s_shelf = -0.08 * o.hip_half_width_mm / (body.z_i - body.z_t);
  auto waist_for = [&](double s_up) {
    body.s_up = s_up;
    body.tabulate();
    return body.a(body.z_w);
  };
  const double w0 = waist_for(0.0), w1 = waist_for(-1.0);
  const double s_up = (o.waist_half_width_mm - w0) / (w1 - w0) * -1.0;
  waist_for(s_up);

  auto make_dent = [&](const PhantomDip& d, double theta) {
    Dent dent;
    dent.depth = d.depth_mm;
    dent.sigma_z = d.height_mm / 4.0;
    dent.sigma_arc = d.width_mm / 4.0;
    dent.z = d.centre_z_mm >= 0 ? d.centre_z_mm : 0.5 * (body.z_t + body.z_i);
    dent.theta = theta;
    return dent;
  };
  Scene sc;
  sc.body = &body;
  sc.arms = o.arms;
  double amax = 0;
  for (double z = body.z_c - 150; z <= body.z_top; z += 1) amax = std::max(amax, body.a(z));
  sc.arm_x = amax + o.arm_gap_mm + sc.arm_r;
  sc.arm_top = body.z_top + 100;
  sc.arm_bottom = body.z_c - 110;
  const double xmax = (o.arms ? sc.arm_x + sc.arm_r : amax) + 4 * o.voxel_mm;
  double bb = 0;
  for (double z = body.z_bot; z <= body.z_top; z += 1) bb = std::max(bb, body.b_back(z));
  const double ymin = -bb - 4 * o.voxel_mm, ymax = 100 + 4 * o.voxel_mm;

  PhantomResult res;
  const Dent left = make_dent(o.left, M_PI), right = make_dent(o.right, 0.0);
  sc.left = left;
  sc.right = right;
  res.mesh = contour_scene(sc, o.voxel_mm, xmax, ymin, ymax, o.open_ends);
  res.true_fill_left_ml = dent_volume(body, left);
  res.true_fill_right_ml = dent_volume(body, right);
  // Measured on closed meshes: the body with one dip carved against the body without dips.
  if (o.left.depth_mm > 0 || o.right.depth_mm > 0) {
    Scene plain = sc;
    plain.left.depth = plain.right.depth = 0;
    const double v0 = enclosed_volume(contour_scene(plain, o.voxel_mm, xmax, ymin, ymax, false));
    Scene only_left = plain, only_right = plain;
    only_left.left = left;
    only_right.right = right;
    if (o.left.depth_mm > 0) res.mesh_fill_left_ml = (v0 - enclosed_volume(contour_scene(only_left, o.voxel_mm, xmax, ymin, ymax, false))) / 1000.0;
    if (o.right.depth_mm > 0) res.mesh_fill_right_ml = (v0 - enclosed_volume(contour_scene(only_right, o.voxel_mm, xmax, ymin, ymax, false))) / 1000.0;
  }
  for (int i = 0; i < o.subdivide; ++i) res.mesh = subdivide_midpoint(res.mesh);
  res.trochanter_z_mm = body.z_t;
  res.iliac_z_mm = body.z_i;
  res.waist_z_mm = body.z_w;
  res.crotch_z_mm = body.z_c;
  res.dip_left_z_mm = left.z;
  res.dip_right_z_mm = right.z;
  return res;
}

}  // namespace contour
