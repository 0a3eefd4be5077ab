#pragma once
// The consult report as a print-ready PDF (A4 or US Letter), drawn with Cairo (kept out of this
// header). Page 1 is the plan at a glance: the patient and report fields, per side the fill,
// the volume to inject with its range, the raw aspirate, the sessions, then the donors, the
// warnings in a box and the disclaimer in full. Then the renders, the silhouette profile plot
// of both sides, the volume, session and donor tables, the method and assumptions, every
// parameter with its source and the provenance (scan file and SHA-256, software version,
// every setting). Every page has a header (patient, report date) and "page n of N".
#include "contour/plan/run_plan.hpp"
#include "contour/report/html_report.hpp"
#include "contour/report/report_identity.hpp"

#include <string>
#include <vector>

namespace contour {

enum class PaperSize {
  a4,     ///< 210 x 297 mm
  letter  ///< 8.5 x 11 in
};

/// Parses "a4" or "letter" (case-insensitive); throws InvalidInput naming the value otherwise.
[[nodiscard]] PaperSize parse_paper_size(const std::string& name);

struct PdfReportOptions {
  PaperSize paper = PaperSize::a4;
  std::string title = "Hip-dip fat-grafting plan";
  /// Shown where the renders would be when `images` is empty.
  std::string no_images_note = "Renders not available in this build.";
  PatientIdentity patient;
  ReportProvenance provenance;
};

/// The PDF file's bytes. Images are the same as the HTML report's (PNG bytes; empty ones are
/// skipped), two per row. Numbers are the plan's own, rounded to 0.1 mL. Throws InternalError
/// if Cairo fails (out of memory, bad PNG).
[[nodiscard]] std::string format_pdf_report(const PlanResult& plan, const PlanOptions& options,
                                            const std::vector<ReportImage>& images,
                                            const PdfReportOptions& report = {});

}  // namespace contour
