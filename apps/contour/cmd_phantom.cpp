// contour phantom OUT: writes a parametric body with hip dips of known volume, and the truth
// (carved volume per side, landmark heights) as JSON next to it.
#include "app_main.hpp"
#include "command_list.hpp"

#include "contour/core/errors.hpp"
#include "contour/import/import_scan.hpp"
#include "contour/io/output_files.hpp"
#include "contour/io/write_mesh.hpp"
#include "contour/phantom/make_phantom.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>

namespace contour::app {
namespace {

struct PhantomArgs {
  std::string out;
  PhantomOptions opt;
  double depth = -1, depth_left = -1, depth_right = -1, height = -1, width = -1;
  bool no_arms = false, closed = false, ascii = false;
  std::string units = "mm", up = "z";
};

int run_phantom(PhantomArgs a) {
  if (a.depth >= 0) a.opt.left.depth_mm = a.opt.right.depth_mm = a.depth;
  if (a.depth_left >= 0) a.opt.left.depth_mm = a.depth_left;
  if (a.depth_right >= 0) a.opt.right.depth_mm = a.depth_right;
  if (a.height > 0) a.opt.left.height_mm = a.opt.right.height_mm = a.height;
  if (a.width > 0) a.opt.right.width_mm = a.opt.left.width_mm = a.width;
  a.opt.arms = !a.no_arms;
  a.opt.open_ends = !a.closed;
  // Both outputs checked before the work: extension, folder, not the same file (usage errors).
  std::filesystem::path jp(a.out);
  jp.replace_extension(".json");
  std::vector<ResolvedOutput> outputs;
  try {
    (void)format_from_path(a.out);
    outputs = resolve_outputs({{"OUT", a.out, false}, {"OUT.json", jp.string(), false}});
  } catch (const InvalidInput& e) {
    throw UsageError(e.what());
  }
  std::cerr << "building phantom (voxel " << a.opt.voxel_mm << " mm)...\n";
  const PhantomResult r = make_phantom(a.opt);

  // Canonical (right, anterior, superior; mm) to the requested file frame and units.
  Mesh out = r.mesh;
  const double s = 1.0 / unit_to_mm(parse_unit(a.units));
  if (a.up == "y") {
    // +y up, +z front (as MakeHuman): file = (-right, superior, anterior), a proper rotation.
    for (Eigen::Index i = 0; i < out.V.rows(); ++i) {
      const Eigen::Vector3d p = r.mesh.V.row(i);
      out.V.row(i) << -p.x(), p.z(), p.y();
    }
  }
  out.V *= s;
  WriteMeshOptions wo;
  wo.binary = !a.ascii;

  const double lowest = r.mesh.V.col(2).minCoeff();
  nlohmann::json j;
  j["mesh"] = std::filesystem::path(a.out).filename().string();
  j["units"] = a.units;
  j["up"] = a.up == "y" ? "+y" : "+z";
  j["front"] = a.up == "y" ? "+z" : "+y";
  j["triangles"] = out.num_faces();
  j["true_fill_ml"] = {{"left", r.true_fill_left_ml}, {"right", r.true_fill_right_ml}};
  j["mesh_fill_ml"] = {{"left", r.mesh_fill_left_ml}, {"right", r.mesh_fill_right_ml}};
  j["dip_depth_mm"] = {{"left", a.opt.left.depth_mm}, {"right", a.opt.right.depth_mm}};
  j["landmarks_above_lowest_point_mm"] = {{"crotch_z_mm", r.crotch_z_mm - lowest},
                                          {"trochanter_z_mm", r.trochanter_z_mm - lowest},
                                          {"iliac_z_mm", r.iliac_z_mm - lowest},
                                          {"waist_z_mm", r.waist_z_mm - lowest},
                                          {"dip_left_z_mm", r.dip_left_z_mm - lowest},
                                          {"dip_right_z_mm", r.dip_right_z_mm - lowest}};
  j["note"] = "true_fill_ml: quadrature of the analytic dent; mesh_fill_ml: closed-mesh volume difference";
  const std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  OutputTransaction t(outputs);
  t.stage(0, [&](std::ostream& o) { write_mesh(o, format_from_path(a.out), out, wo); }, true);
  t.stage(1, [&](std::ostream& o) { o << text; });
  t.commit();
  std::cout << "wrote " << a.out << " (" << out.num_faces() << " triangles) and " << jp.string() << "\n"
            << "true fill: left " << r.true_fill_left_ml << " mL, right " << r.true_fill_right_ml << " mL\n";
  return 0;
}

}  // namespace

void add_phantom_command(CLI::App& app) {
  auto a = std::make_shared<PhantomArgs>();
  CLI::App* sub = app.add_subcommand("phantom", "Write a parametric female body (knee to lower chest) with hip dips "
                                                "of known volume, and the truth as OUT.json");
  sub->add_option("OUT", a->out, "Output mesh (.ply .obj .stl .vtp .vtk)")->required();
  sub->add_option("--depth", a->depth, "Dip depth on both sides, mm (default 12; 0 = no dip)")->check(finite_range(0.0, 40.0));
  sub->add_option("--depth-left", a->depth_left, "Left dip depth, mm")->check(finite_range(0.0, 40.0));
  sub->add_option("--depth-right", a->depth_right, "Right dip depth, mm")->check(finite_range(0.0, 40.0));
  sub->add_option("--dip-height", a->height, "Dip vertical extent (4 s.d.), mm (default 100)")->check(finite_range(20.0, 300.0));
  sub->add_option("--dip-width", a->width, "Dip front-to-back extent (4 s.d.), mm (default 140)")->check(finite_range(20.0, 300.0));
  sub->add_option("--stature", a->opt.stature_mm, "Stature the proportions derive from, mm (default 1650)")->check(finite_range(1200.0, 2200.0));
  sub->add_option("--hip-half-width", a->opt.hip_half_width_mm, "Half-width at the trochanter, mm (default 180)")->check(finite_range(100.0, 350.0));
  sub->add_flag("--no-arms", a->no_arms, "Leave out the arms");
  sub->add_option("--arm-gap", a->opt.arm_gap_mm, "Clearance between arm and hip, mm (default 30; -30 to 200, 0 or less: the arm touches the hip)")->check(finite_range(-30.0, 200.0));
  sub->add_flag("--closed", a->closed, "Close the cut ends (default: open, as a cropped scan)");
  sub->add_option("--voxel", a->opt.voxel_mm, "Sampling step, mm (default 2.5; smaller = finer mesh)")->check(finite_range(0.5, 10.0));
  sub->add_option("--subdivide", a->opt.subdivide, "Extra 1-to-4 subdivisions (x4 triangles each)")->check(CLI::Range(0, 4));
  sub->add_option("--units", a->units, "Units of the written file: mm, cm, dm, m, in (default mm)")->check(CLI::IsMember({"mm", "cm", "dm", "m", "in"}));
  sub->add_option("--up", a->up, "Up axis of the written file: z (+y front) or y (+z front)")->check(CLI::IsMember({"z", "y"}));
  sub->add_flag("--ascii", a->ascii, "Write ascii instead of binary where the format allows");
  add_command(sub, [a] { return run_phantom(*a); });
}

}  // namespace contour::app
