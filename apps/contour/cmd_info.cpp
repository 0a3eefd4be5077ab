// contour info SCAN: what the importer sees in a scan.
#include "command_list.hpp"
#include "import_cli.hpp"

#include "contour/import/import_scan.hpp"

#include <cstdio>
#include <iostream>

namespace contour::app {
namespace {

struct InfoArgs {
  std::string scan;
  ImportCliArgs import;
};

int run_info(const InfoArgs& args) {
  const ImportedScan scan = import_scan(args.scan, to_import_options(args.import));
  const ScanInfo& i = scan.info;
  std::printf("file          %s\n", i.path.c_str());
  std::printf("format        %s (%s)\n", i.format.c_str(), i.encoding.c_str());
  std::printf("as read       %lld vertices, %lld triangles\n", i.file_vertices, i.file_faces);
  std::printf("bounding box  [%.4g, %.4g] x [%.4g, %.4g] x [%.4g, %.4g] (file units)\n", i.file_box.min.x(),
              i.file_box.max.x(), i.file_box.min.y(), i.file_box.max.y(), i.file_box.min.z(), i.file_box.max.z());
  std::printf("units         %s (%s)\n", unit_name(i.units), i.units_detected ? "detected" : "given");
  std::printf("up axis       %s (%s)\n", i.up.name().c_str(), i.up_detected ? "detected" : "given");
  std::printf("front axis    %s (%s), yaw %.1f deg\n", i.front.name().c_str(), i.front_detected ? "detected" : "given",
              i.yaw_deg);
  std::printf("front cues    confidence %.2f:", i.front_confidence);
  for (const FrontCue& c : i.front_cues)
    std::printf(" %s %+.2f%s", c.name.c_str(), c.vote, c.weight > 0 ? "" : " (not measured)");
  std::printf("\n");
  for (const FrontCue& c : i.front_cues)
    if (!c.detail.empty()) std::printf("  %-11s %s\n", c.name.c_str(), c.detail.c_str());
  std::printf("tilt          %.1f deg (forward %+.1f, to the right %+.1f); levelled by %.1f deg\n", i.tilt_deg,
              i.tilt_forward_deg, i.tilt_right_deg, i.tilt_corrected_deg);
  std::printf("cleaning      %lld duplicate vertices merged, %lld degenerate and %lld duplicate faces dropped, "
              "%lld unreferenced vertices dropped\n",
              i.clean.merged_vertices, i.clean.degenerate_faces, i.clean.duplicate_faces, i.clean.unreferenced_vertices);
  const OrientReport& o = i.orientation;
  std::printf("orientation   %lld faces reversed in %lld pieces (%lld of %lld patches reversed whole); "
              "%lld non-manifold edges\n",
              o.faces_flipped, o.pieces_reoriented, o.patches_flipped, o.patches, o.nonmanifold_edges);
  std::printf("pieces        %zu\n", i.pieces.size());
  for (std::size_t k = 0; k < i.pieces.size(); ++k) {
    const PieceSummary& p = i.pieces[k];
    if (k >= 12) {
      std::printf("  ... %zu more\n", i.pieces.size() - k);
      break;
    }
    std::printf("  %-7s %8lld triangles %12.0f mm^2%s%s\n", p.role.c_str(), p.faces, p.area_mm2,
                p.group.empty() ? "" : "  group ", p.group.c_str());
  }
  std::printf("kept mesh     %lld vertices, %lld triangles\n", i.vertices, i.faces);
  std::printf("holes         %lld open boundary loops\n", i.boundary_loops);
  std::printf("height        %.1f mm (%.3f m)\n", i.height_mm, i.height_mm / 1000.0);
  std::printf("crotch        %.1f mm above the lowest point\n", i.crotch_z_mm);
  for (const std::string& n : i.notes) std::printf("note          %s\n", n.c_str());
  return 0;
}

}  // namespace

void add_info_command(CLI::App& app) {
  auto args = std::make_shared<InfoArgs>();
  CLI::App* sub = app.add_subcommand("info", "Import a scan and print what was found: format, counts, units, "
                                             "orientation, pieces, holes, height");
  sub->add_option("SCAN", args->scan, "Scan file (.ply .obj .stl .vtp .vtk)")->required();
  add_import_options(sub, args->import);
  add_command(sub, [args] { return run_info(*args); });
}

}  // namespace contour::app
