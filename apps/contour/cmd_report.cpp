// contour report SCAN --out report.html|report.pdf: the plan as a consult report for the chart
// (self-contained HTML or print-ready PDF), with the patient, clinic and provenance fields.
#include "app_main.hpp"
#include "command_list.hpp"
#include "plan_cli.hpp"

#include "contour/core/errors.hpp"
#include "contour/io/output_files.hpp"
#include "contour/io/write_mesh.hpp"
#include "contour/report/html_report.hpp"
#include "contour/report/pdf_report.hpp"
#include "contour/report/report_identity.hpp"
#ifdef CONTOUR_HAVE_VTK_ADAPTER
#include "contour/vtk/report_images.hpp"
#include "contour/vtk/virtual_display.hpp"
#endif

#include <cctype>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>

namespace contour::app {
namespace {

struct ReportArgs {
  std::string scan, out;
  std::string image_size = "800x720";
  std::string paper = "a4";
  double fill_scale_mm = 0.0;
  std::string patient_file;
  PatientIdentity patient;
  bool no_images = false;
  bool quiet = false;
  PlanCliArgs plan;
};

bool ends_with_ci(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

int run_report_command(const ReportArgs& a) {
  const bool pdf = ends_with_ci(a.out, ".pdf");
  PaperSize paper = PaperSize::a4;
  try {
    paper = parse_paper_size(a.paper);
    validate_patient_identity(a.patient, "command line");
  } catch (const InvalidInput& e) {
    throw UsageError(std::string(e.what()));
  }
  std::vector<std::string> inputs = plan_input_files(a.plan);
  if (!a.patient_file.empty()) inputs.push_back(a.patient_file);
  inputs.push_back(a.scan);
  std::vector<ResolvedOutput> outputs;
  try {
    outputs = resolve_outputs({{"--out", a.out, false}}, inputs);
  } catch (const InvalidInput& e) {
    throw UsageError(e.what());
  }
  const PlanOptions options = to_plan_options(a.plan);
#ifdef CONTOUR_HAVE_VTK_ADAPTER
  // The renders need an X display; without one, run again on a private virtual display.
  if (!a.no_images) vtk::run_again_on_virtual_display_if_needed("contour", a.quiet);
#endif
  // Command-line fields over the file's.
  const PatientIdentity patient =
      merge_identity(a.patient_file.empty() ? PatientIdentity{} : load_patient_identity(a.patient_file), a.patient);
  auto plan = std::make_shared<const PlanResult>(run_plan(a.scan, options, [&](const std::string& stage) {
    if (!a.quiet) std::cerr << "[contour] " << stage << "...\n";
  }));
  std::vector<ReportImage> images;
  HtmlReportOptions report;
#ifdef CONTOUR_HAVE_VTK_ADAPTER
  if (!a.no_images) {
    if (!a.quiet) std::cerr << "[contour] render...\n";
    vtk::ReportImageOptions io;
    const auto size = vtk::parse_image_size(a.image_size);
    io.width_px = size.first;
    io.height_px = size.second;
    io.fill_scale_max_mm = a.fill_scale_mm;
    try {
      images = vtk::render_report_images(plan, options.graft, io);
    } catch (const vtk::RenderError& e) {
      throw vtk::RenderError(std::string(e.what()) + "; or pass --no-images for a report without renders");
    }
  } else {
    report.no_images_note = "Renders left out (--no-images).";
  }
#else
  report.no_images_note = "Renders not available: this contour was built without the VTK adapter.";
#endif
  report.patient = patient;
  report.provenance = make_report_provenance(*plan, options, report_time());
  std::string bytes;
  if (pdf) {
    PdfReportOptions po;
    po.paper = paper;
    po.title = report.title;
    po.no_images_note = report.no_images_note;
    po.patient = report.patient;
    po.provenance = report.provenance;
    bytes = format_pdf_report(*plan, options, images, po);
  } else {
    bytes = format_html_report(*plan, options, images, report);
  }
  OutputTransaction t(outputs);
  t.stage(0, [&](std::ostream& o) { o << bytes; });
  t.commit();
  if (!a.quiet) std::cerr << "[contour] wrote " << a.out << " (" << bytes.size() / 1024 << " KiB)\n";
  return 0;
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto a = std::make_shared<ReportArgs>();
  CLI::App* sub = app.add_subcommand("report", "Plan a scan and write a consult report (self-contained HTML, or PDF for --out *.pdf): renders "
                                               "before and target, silhouettes, volumes with ranges, donor split, "
                                               "warnings, method and parameters");
  sub->add_option("SCAN", a->scan, "Scan file (.ply .obj .stl .vtp .vtk)")->required();
  sub->add_option("--out", a->out, "Report to write (written atomically): .pdf for a print-ready PDF, else HTML")
      ->required()
      ->check(non_empty());
  sub->add_option("--paper", a->paper, "PDF paper size: a4 (default) or letter");
  sub->add_option("--fill-scale", a->fill_scale_mm,
                  "Top of the fill colour scale in the renders, mm: 0 = this scan's largest fill (default); e.g. 20 "
                  "for a fixed 0-20 mm scale that compares between patients")
      ->check(finite_range(0.0, 200.0));
  sub->add_option("--patient-id", a->patient.patient_id, "Patient ID (chart number), shown on every page");
  sub->add_option("--patient-name", a->patient.patient_name, "Patient's name, shown on every page");
  sub->add_option("--date-of-birth", a->patient.date_of_birth, "Patient's date of birth, YYYY-MM-DD");
  sub->add_option("--scan-date", a->patient.scan_date, "Date the scan was taken, YYYY-MM-DD");
  sub->add_option("--surgeon", a->patient.surgeon, "Surgeon's name");
  sub->add_option("--clinic", a->patient.clinic, "Clinic or hospital");
  sub->add_option("--patient-file", a->patient_file,
                  "JSON with any of patient_id, patient_name, date_of_birth, scan_date, surgeon, clinic "
                  "(options given on the command line win; a regular file of at most 1 MiB)")
      ->check(non_empty());
  sub->add_option("--image-size", a->image_size, "Size of each render, WxH pixels (default 800x720)");
  sub->add_flag("--no-images", a->no_images, "Leave the renders out (no display needed)");
  sub->add_flag("--quiet", a->quiet, "Print nothing on success");
  add_plan_options(sub, a->plan);
  add_command(sub, [a] { return run_report_command(*a); });
}

}  // namespace contour::app
