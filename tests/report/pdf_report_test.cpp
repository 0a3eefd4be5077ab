// The consult report as PDF (and the identity fields in the HTML one), checked in a real PDF
// reader: poppler's pdftotext for the text and where each word sits, pdfinfo for the paper,
// pdftoppm for a rendered page. The HTML one is printed by headless Chromium (Debian's
// chromium package) and the PDF it prints is read the same way.
#include "run_cli.hpp"
#include "temp_dir.hpp"

#include "contour/core/version.hpp"
#include "contour/report/html_report.hpp"
#include "contour/report/pdf_report.hpp"
#include "contour/report/report_identity.hpp"
#include "contour/report/report_text.hpp"
#include "contour/report/sha256.hpp"
#include "core/format_text.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <regex>
#include <sstream>

namespace contour::test {
namespace {

const std::string kPhantom = std::string(CONTOUR_TEST_DATA_DIR) + "/samples/phantom_asymmetric.ply";
constexpr std::time_t kReportTime = 1767225600;  // 2026-01-01 00:00 UTC

const PlanResult& phantom_plan() {
  static const PlanResult plan = run_plan(kPhantom);
  return plan;
}

bool have_poppler() { return std::system("pdftotext -v >/dev/null 2>&1") == 0; }
#define CONTOUR_REQUIRE_POPPLER() \
  do {                            \
    if (!have_poppler()) GTEST_SKIP() << "poppler-utils (pdftotext, pdftoppm) not installed: scripts/setup-debian.sh"; \
  } while (0)

/// Output of a shell command (the paths here are our own temporary ones, no quoting issues).
std::string shell(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("cannot run " + cmd);
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  if (pclose(p) != 0) throw std::runtime_error("failed: " + cmd);
  return out;
}

/// Text with every run of white space made one space.
std::string squeeze(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    const bool ws = c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
    if (ws && !space && !out.empty()) out += ' ';
    if (!ws) out += c;
    space = ws;
  }
  return out;
}

PatientIdentity sample_patient() {
  PatientIdentity id;
  id.patient_id = "MRN-0042";
  id.patient_name = "Ana Souza";
  id.date_of_birth = "1990-02-28";
  id.scan_date = "2025-12-15";
  id.surgeon = "Dr. K. Obi";
  id.clinic = "Harbour Clinic";
  return id;
}

struct Word {
  double x0, y0, x1, y1;
  std::string text;
};
/// Words per page from pdftotext -bbox.
std::vector<std::vector<Word>> words_per_page(const std::string& pdf) {
  const std::string xhtml = shell("pdftotext -bbox '" + pdf + "' -");
  std::vector<std::vector<Word>> pages;
  const std::regex page_re("<page "), word_re(
      "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>");
  std::istringstream in(xhtml);
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.find("<page ") != std::string::npos) pages.emplace_back();
    if (!pages.empty() && std::regex_search(line, m, word_re))
      pages.back().push_back({std::stod(m[1]), std::stod(m[2]), std::stod(m[3]), std::stod(m[4]), m[5]});
  }
  return pages;
}

/// Every page of `pdf` (`pages` of them) has more than `min_words` words, the patient
/// ("Souza") in its header (above y = header_y_max pt) and no word whose box overlaps another's
/// (labels, boxes and tables do not collide). `what` names a page in messages.
void expect_readable_pages(const std::string& pdf, int pages, std::size_t min_words, double header_y_max,
                           const std::string& what) {
  const auto per_page = words_per_page(pdf);
  ASSERT_EQ(static_cast<int>(per_page.size()), pages);
  for (std::size_t p = 0; p < per_page.size(); ++p) {
    const auto& w = per_page[p];
    EXPECT_GT(w.size(), min_words) << what << " " << p + 1 << " is nearly empty";
    bool header = false;
    for (const auto& x : w) header = header || (x.text == "Souza" && x.y1 < header_y_max);
    EXPECT_TRUE(header) << what << " " << p + 1 << " has no patient in its header";
    for (std::size_t i = 0; i < w.size(); ++i)
      for (std::size_t j = i + 1; j < w.size(); ++j) {
        const double ox = std::min(w[i].x1, w[j].x1) - std::max(w[i].x0, w[j].x0);
        const double oy = std::min(w[i].y1, w[j].y1) - std::max(w[i].y0, w[j].y0);
        EXPECT_FALSE(ox > 0.5 && oy > 1.0) << what << " " << p + 1 << ": \"" << w[i].text << "\" overlaps \""
                                           << w[j].text << "\" at " << w[i].x0 << "," << w[i].y0;
      }
  }
}

TEST(PdfReport, FirstPageShowsPatientDateAndThePlansVolumesAndNoWordsOverlap) {
  CONTOUR_REQUIRE_POPPLER();
  const PlanResult& plan = phantom_plan();
  const PlanOptions options;
  PdfReportOptions ro;
  ro.patient = sample_patient();
  ro.provenance = make_report_provenance(plan, options, kReportTime);
  ro.no_images_note = "Renders left out (test).";
  TempDir dir;
  const std::string pdf = dir.file("plan.pdf");
  write_bytes(pdf, format_pdf_report(plan, options, {}, ro));

  const std::string info = shell("pdfinfo '" + pdf + "'");
  EXPECT_NE(info.find("595.276 x 841.89 pts (A4)"), std::string::npos) << info;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(info, m, std::regex("Pages: +([0-9]+)")));
  const int pages = std::stoi(m[1]);
  EXPECT_GE(pages, 3);
  EXPECT_LE(pages, 6) << "a consult report, not a ream";

  const std::string page1 = squeeze(shell("pdftotext -f 1 -l 1 '" + pdf + "' -"));
  for (const std::string& s : {std::string("Ana Souza"), std::string("MRN-0042"), std::string("1990-02-28"),
                               std::string("2025-12-15"), std::string("Dr. K. Obi"), std::string("Harbour Clinic"),
                               std::string("2026-01-01 00:00 UTC"), std::string("phantom_asymmetric.ply"),
                               detail::format_text("page 1 of %d", pages), std::string("Patient's RIGHT"),
                               std::string("Patient's LEFT"), std::string("Disclaimer")})
    EXPECT_NE(page1.find(s), std::string::npos) << "page 1 lacks \"" << s << "\":\n" << page1;
  // The disclaimer in full on page 1.
  EXPECT_NE(page1.find(squeeze(report_disclaimer())), std::string::npos) << page1;
  // The plan's own numbers, rounded to 0.1 mL.
  const GraftPlan& g = plan.graft;
  for (double v : {g.left.fill_ml, g.right.fill_ml, g.fill_ml, g.left.inject_ml, g.right.inject_ml, g.inject_ml,
                   g.left.aspirate_ml, g.right.aspirate_ml, g.aspirate_ml})
    EXPECT_NE(page1.find(detail::format_text("%.1f mL", v)), std::string::npos) << v << " mL not on page 1:\n" << page1;
  EXPECT_NE(page1.find(detail::format_text("%.1f\u2013%.1f", g.inject_range.low_ml, g.inject_range.high_ml)),
            std::string::npos);
  if (g.warnings.empty() && plan.warnings.empty()) EXPECT_NE(page1.find("Warnings: none"), std::string::npos);
  for (const auto& w : plan.warnings) EXPECT_NE(squeeze(shell("pdftotext '" + pdf + "' -")).find(squeeze(w)), std::string::npos) << w;

  // Every page: header with the patient, footer with its number; provenance in full.
  const std::string all = squeeze(shell("pdftotext '" + pdf + "' -"));
  for (int k = 1; k <= pages; ++k) EXPECT_NE(all.find(detail::format_text("page %d of %d", k, pages)), std::string::npos);
  EXPECT_NE(all.find("Planning aid, see the disclaimer on page 1"), std::string::npos) << "in every footer";
  EXPECT_NE(all.find(sha256_file(kPhantom)), std::string::npos);
  EXPECT_NE(all.find(std::string("libcontour ") + library_version()), std::string::npos);
  EXPECT_NE(all.find("graft.resorption = 0.5"), std::string::npos) << "every setting is listed";
  // ... in full: no value cut off.
  for (const auto& [key, value] : ro.provenance.settings)
    EXPECT_NE(all.find(key + " = " + value), std::string::npos) << key << " = " << value << " not shown in full";
  EXPECT_NE(all.find("Method"), std::string::npos);
  EXPECT_NE(all.find("Assumptions"), std::string::npos);

  // No word's box overlaps another's on any page (labels, boxes and tables do not collide).
  expect_readable_pages(pdf, pages, 20, 40, "page");

  // Rendered by poppler: the first page is a page of A4 proportions with ink on it, not blank.
  shell("pdftoppm -r 30 -gray -f 1 -l 1 '" + pdf + "' '" + dir.file("p") + "'");
  const std::string pgm = read_bytes(dir.file("p-1.pgm"));
  std::istringstream hdr(pgm);
  std::string magic;
  int w = 0, h = 0, maxv = 0;
  hdr >> magic >> w >> h >> maxv;
  ASSERT_EQ(magic, "P5");
  EXPECT_NEAR(static_cast<double>(h) / w, 297.0 / 210.0, 0.01);
  const std::size_t start = pgm.size() - static_cast<std::size_t>(w) * h;
  std::size_t dark = 0;
  for (std::size_t i = start; i < pgm.size(); ++i) dark += static_cast<unsigned char>(pgm[i]) < 160;
  const double frac = static_cast<double>(dark) / (static_cast<double>(w) * h);
  EXPECT_GT(frac, 0.01);
  EXPECT_LT(frac, 0.5);
}

TEST(PdfReport, LetterPaperAndTheCommandLineOverTheFile) {
  CONTOUR_REQUIRE_POPPLER();
  TempDir dir;
  write_bytes(dir.file("patient.json"), R"({"patient_id": "MRN-7", "patient_name": "Jo Doe", "surgeon": "Dr. File"})");
  ::setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
  const CliRun run = run_cli({"report", kPhantom, "--out", dir.file("r.pdf"), "--no-images", "--quiet", "--paper",
                              "letter", "--patient-file", dir.file("patient.json"), "--surgeon", "Dr. Cli"});
  ::unsetenv("SOURCE_DATE_EPOCH");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(shell("pdfinfo '" + dir.file("r.pdf") + "'").find("612 x 792 pts (letter)"), std::string::npos);
  const std::string text = squeeze(shell("pdftotext -f 1 -l 1 '" + dir.file("r.pdf") + "' -"));
  EXPECT_NE(text.find("Jo Doe"), std::string::npos);
  EXPECT_NE(text.find("MRN-7"), std::string::npos);
  EXPECT_NE(text.find("Dr. Cli"), std::string::npos);
  EXPECT_EQ(text.find("Dr. File"), std::string::npos);
  EXPECT_NE(text.find("2026-01-01 00:00 UTC"), std::string::npos);
  EXPECT_NE(text.find(detail::format_text("%.1f mL", phantom_plan().graft.inject_ml)), std::string::npos);
}

TEST(ReportIdentity, BadFieldsExitWithoutAReport) {
  TempDir dir;
  const CliRun bad_date = run_cli({"report", kPhantom, "--out", dir.file("r.pdf"), "--no-images", "--date-of-birth",
                                   "1990-13-01"});
  EXPECT_EQ(bad_date.exit_code, 2) << bad_date.err;
  EXPECT_NE(bad_date.err.find("date_of_birth"), std::string::npos) << bad_date.err;
  const CliRun bad_paper = run_cli({"report", kPhantom, "--out", dir.file("r.pdf"), "--no-images", "--paper", "a5"});
  EXPECT_EQ(bad_paper.exit_code, 2) << bad_paper.err;
  write_bytes(dir.file("p.json"), R"({"patient_id": "1", "ward": "3"})");
  const CliRun bad_file = run_cli({"report", kPhantom, "--out", dir.file("r.pdf"), "--no-images", "--patient-file",
                                   dir.file("p.json")});
  EXPECT_EQ(bad_file.exit_code, 1) << bad_file.err;
  EXPECT_NE(bad_file.err.find(dir.file("p.json") + ": unknown key \"ward\""), std::string::npos) << bad_file.err;
  EXPECT_EQ(dir.entries(), std::set<std::string>{"p.json"}) << "no report, no temporary file";
}

TEST(HtmlReport, ShowsTheIdentityTheScanHashAndTheDisclaimer) {
  const PlanResult& plan = phantom_plan();
  HtmlReportOptions ro;
  ro.patient = sample_patient();
  ro.patient.clinic.clear();
  ro.provenance = make_report_provenance(plan, PlanOptions{}, kReportTime);
  const std::string html = format_html_report(plan, PlanOptions{}, {}, ro);
  EXPECT_NE(html.find("<td>Ana Souza</td>"), std::string::npos);
  EXPECT_NE(html.find("<th>Clinic</th><td class=\"missing\">not given</td>"), std::string::npos);
  EXPECT_NE(html.find("id=\"report-date\">2026-01-01 00:00 UTC<"), std::string::npos);
  EXPECT_NE(html.find("id=\"scan-sha256\">" + sha256_file(kPhantom) + "<"), std::string::npos);
  EXPECT_NE(html.find("id=\"disclaimer\""), std::string::npos);
  EXPECT_NE(html.find(html_escape(report_disclaimer())), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("graft.resorption = 0.5"), std::string::npos);
}

bool have_chromium() { return std::system("chromium --version >/dev/null 2>&1") == 0; }

// The HTML report printed by a real browser engine: headless Chromium applies the print
// stylesheet (@page A4, point sizes) and prints it to PDF, which poppler then reads.
TEST(HtmlReport, PrintsInChromiumWithPatientDateAndVolumesOnTheFirstPage) {
  CONTOUR_REQUIRE_POPPLER();
  if (!have_chromium()) GTEST_SKIP() << "chromium not installed: scripts/setup-debian.sh";
  const PlanResult& plan = phantom_plan();
  HtmlReportOptions ro;
  ro.patient = sample_patient();
  ro.provenance = make_report_provenance(plan, PlanOptions{}, kReportTime);
  TempDir dir;
  const std::string html = dir.file("plan.html"), pdf = dir.file("printed.pdf");
  write_bytes(html, format_html_report(plan, PlanOptions{}, {}, ro));
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  const std::string cmd = "chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer "
                          "--user-data-dir='" + dir.file("profile") + "' --print-to-pdf='" + pdf +
                          "' 'file://" + html + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const std::string info = shell("pdfinfo '" + pdf + "'");
  EXPECT_NE(info.find("(A4)"), std::string::npos) << "the print stylesheet asks for A4:\n" << info;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(info, m, std::regex("Pages: +([0-9]+)")));
  const int pages = std::stoi(m[1]);
  EXPECT_GE(pages, 2);
  EXPECT_LE(pages, 6) << "a consult report, not a ream";
  const std::string page1 = squeeze(shell("pdftotext -f 1 -l 1 '" + pdf + "' -"));
  for (const std::string& s : {std::string("Ana Souza"), std::string("MRN-0042"), std::string("1990-02-28"),
                               std::string("2025-12-15"), std::string("Dr. K. Obi"), std::string("Harbour Clinic"),
                               std::string("2026-01-01 00:00 UTC")})
    EXPECT_NE(page1.find(s), std::string::npos) << "printed page 1 lacks \"" << s << "\":\n" << page1;
  const GraftPlan& g = plan.graft;
  for (double v : {g.left.fill_ml, g.right.fill_ml, g.fill_ml, g.inject_ml})
    EXPECT_NE(page1.find(detail::format_text("%.1f", v)), std::string::npos) << v << " mL not on printed page 1:\n" << page1;
  // The whole report: the disclaimer in full and the scan's hash; no page is nearly empty
  // (a page holding only a heading or "Warnings: none" is a layout fault).
  const std::string all = squeeze(shell("pdftotext '" + pdf + "' -"));
  EXPECT_NE(all.find(squeeze(report_disclaimer())), std::string::npos);
  EXPECT_NE(all.find(sha256_file(kPhantom)), std::string::npos);
  // Every printed page has the header with the patient and its number (page-margin boxes).
  for (int k = 1; k <= pages; ++k) EXPECT_NE(all.find(detail::format_text("page %d of %d", k, pages)), std::string::npos);
  // (Long settings once ran into the next column.)
  expect_readable_pages(pdf, pages, 30, 45, "printed page");
}

}  // namespace
}  // namespace contour::test
