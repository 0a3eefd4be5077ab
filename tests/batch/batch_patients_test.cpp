// Who each scan of a batch belongs to: the patients CSV, its errors, and its effect on the
// plan JSON, the summary and the up-to-date check.
#include "batch_fixtures.hpp"
#include "contour/batch/batch_patients.hpp"
#include "contour/batch/run_batch.hpp"
#include "contour/batch/summary_csv.hpp"
#include "contour/core/errors.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace contour {
namespace {

namespace fs = std::filesystem;

std::string error_of(const std::string& path) {
  try {
    (void)read_batch_patients(path);
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(BatchPatients, ReadsOneIdentityPerScanWithQuotedFieldsAndOptionalColumns) {
  test::TempDir d;
  const std::string csv = d.file("patients.csv");
  test::write_bytes(csv,
                    "scan,patient_id,patient_name,scan_date\r\n"
                    "a.ply,P-001,\"Doe, Jane\",2026-11-30\r\n"
                    "sub/b.ply,P-002,,\r\n");
  const BatchPatients p = read_batch_patients(csv);
  ASSERT_EQ(p.by_scan.size(), 2u);
  EXPECT_EQ(p.by_scan.at("a.ply").patient_name, "Doe, Jane");
  EXPECT_EQ(p.by_scan.at("a.ply").scan_date, "2026-11-30");
  EXPECT_EQ(p.by_scan.at("sub/b.ply").patient_id, "P-002");
  EXPECT_TRUE(p.by_scan.at("sub/b.ply").surgeon.empty());
  EXPECT_EQ(p.line_of_scan.at("sub/b.ply"), 3);
  EXPECT_EQ(patient_identity_key(PatientIdentity{}), "");
  EXPECT_NE(patient_identity_key(p.by_scan.at("a.ply")), patient_identity_key(p.by_scan.at("sub/b.ply")));
}

TEST(BatchPatients, EveryMistakeIsOneMessageNamingTheFileAndTheLine) {
  test::TempDir d;
  struct Case {
    std::string text, expect;
  };
  const std::vector<Case> cases = {
      {"scan,patient_id,mrn\na.ply,1,2\n", "patients.csv:1: unknown column \"mrn\""},
      {"patient_id\n1\n", "patients.csv:1: no \"scan\" column"},
      {"scan,scan\na.ply,b.ply\n", "column \"scan\" given twice"},
      {"scan,patient_id\na.ply,1\nb.ply,2\na.ply,3\n", "patients.csv:4: scan \"a.ply\" listed twice (first on line 2)"},
      {"scan,date_of_birth\na.ply,1980-02-30\n", "patients.csv:2"},
      {"scan,patient_id\n/abs/a.ply,1\n", "must be a path relative to the input folder"},
      {"scan,patient_id\n../a.ply,1\n", "must be a path relative to the input folder"},
      {"scan,patient_id\n,1\n", "patients.csv:2: scan is empty"},
      {"scan,patient_id\na.ply,1,extra\n", "patients.csv:2: 3 fields, the header has 2"},
      {"scan,patient_id\n", "no scans listed"},
      {"", "empty"},
  };
  for (const Case& c : cases) {
    const std::string csv = d.file("patients.csv");
    test::write_bytes(csv, c.text);
    const std::string e = error_of(csv);
    EXPECT_NE(e.find(c.expect), std::string::npos) << "for:\n" << c.text << "got: " << e;
    EXPECT_NE(e.find(csv), std::string::npos) << e;
  }
  EXPECT_THROW((void)read_batch_patients(d.file("missing.csv")), IoError);
}

class BatchWithPatients : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scans_ = new test::TempDir;
    test::write_phantom(scans_->file("a.ply"), 0);
    test::write_phantom(scans_->file("b.ply"), 1);
  }
  static void TearDownTestSuite() {
    delete scans_;
    scans_ = nullptr;
  }
  /// The batch of the two scans into WORK/out, with the patients CSV at `csv`.
  static BatchOptions options(const test::TempDir& work, const std::string& csv) {
    BatchOptions o;
    o.input_dir = scans_->path().string();
    o.output_dir = (work.path() / "out").string();
    o.jobs = 2;
    o.patients = read_batch_patients(csv);
    return o;
  }
  static test::TempDir* scans_;
};
test::TempDir* BatchWithPatients::scans_ = nullptr;

TEST_F(BatchWithPatients, PlansCarryTheirPatientAndAChangedIdentityIsOutOfDate) {
  test::TempDir work;
  const std::string csv = work.file("patients.csv");
  test::write_bytes(csv, "scan,patient_id,patient_name,surgeon\na.ply,P-001,Jane Doe,Dr A\n");
  BatchOptions o = options(work, csv);
  BatchSummary s = run_batch(o);
  ASSERT_EQ(s.ok, 2u);
  const fs::path out = work.path() / "out";
  std::ifstream fa(out / "a.ply.plan.json"), fb(out / "b.ply.plan.json");
  const nlohmann::json ja = nlohmann::json::parse(fa), jb = nlohmann::json::parse(fb);
  EXPECT_EQ(ja.at("patient").at("patient_id"), "P-001");
  EXPECT_EQ(ja.at("patient").at("patient_name"), "Jane Doe");
  EXPECT_EQ(ja.at("patient").at("surgeon"), "Dr A");
  EXPECT_FALSE(ja.at("patient").contains("clinic")) << "only the fields given";
  EXPECT_FALSE(jb.contains("patient")) << "b.ply is not listed";
  const auto rows = test::rows_by_file(s.summary_path);
  EXPECT_EQ(rows.at("a.ply").patient_id, "P-001");
  EXPECT_EQ(rows.at("b.ply").patient_id, "");
  // Same identities: up to date, and the summary still names the patient.
  s = run_batch(o);
  EXPECT_EQ(s.skipped, 2u);
  EXPECT_EQ(test::rows_by_file(s.summary_path).at("a.ply").patient_id, "P-001");
  // A corrected name makes a's result out of date (its JSON names the patient), not b's.
  test::write_bytes(csv, "scan,patient_id,patient_name,surgeon\na.ply,P-001,Jane Q. Doe,Dr A\n");
  o.patients = read_batch_patients(csv);
  s = run_batch(o);
  EXPECT_EQ(s.ok, 1u);
  EXPECT_EQ(s.skipped, 1u);
  std::ifstream fa2(out / "a.ply.plan.json");
  EXPECT_EQ(nlohmann::json::parse(fa2).at("patient").at("patient_name"), "Jane Q. Doe");
}

std::string pdf_text(const std::string& pdf) {
  std::string out;
  FILE* p = popen(("pdftotext '" + pdf + "' - 2>/dev/null").c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

TEST_F(BatchWithPatients, ReportsNameEachScansPatientAndAreKeptOnResume) {
  test::TempDir work;
  const std::string csv = work.file("patients.csv");
  test::write_bytes(csv, "scan,patient_id,patient_name,scan_date\na.ply,P-001,Jane Doe,2026-11-30\n");
  BatchOptions o = options(work, csv);
  // First without reports; asking for them later makes every result out of date.
  ASSERT_EQ(run_batch(o).ok, 2u);
  o.write_reports = true;
  o.report_time = 1767225600;  // 2026-01-01 00:00 UTC
  BatchSummary s = run_batch(o);
  ASSERT_EQ(s.ok, 2u) << "reports asked for now: redone";
  const fs::path out = work.path() / "out";
  ASSERT_TRUE(fs::is_regular_file(out / "a.ply.report.pdf"));
  ASSERT_TRUE(fs::is_regular_file(out / "b.ply.report.pdf"));
  std::ifstream f(out / "a.ply.report.pdf", std::ios::binary);
  std::string head(5, '\0');
  f.read(head.data(), 5);
  EXPECT_EQ(head, "%PDF-");
  if (std::system("pdftotext -v >/dev/null 2>&1") == 0) {
    const std::string a = pdf_text((out / "a.ply.report.pdf").string()), b = pdf_text((out / "b.ply.report.pdf").string());
    EXPECT_NE(a.find("Jane Doe"), std::string::npos) << a.substr(0, 400);
    EXPECT_NE(a.find("P-001"), std::string::npos);
    EXPECT_NE(a.find("2026-11-30"), std::string::npos);
    EXPECT_NE(a.find("2026-01-01 00:00 UTC"), std::string::npos);
    EXPECT_EQ(b.find("Jane Doe"), std::string::npos) << "b.ply is not Jane Doe's";
    EXPECT_NE(b.find("not given"), std::string::npos);
  }
  s = run_batch(o);
  EXPECT_EQ(s.skipped, 2u) << "reports present: up to date";
  fs::remove(out / "b.ply.report.pdf");
  s = run_batch(o);
  EXPECT_EQ(s.ok, 1u) << "a missing report is made again";
  EXPECT_TRUE(fs::is_regular_file(out / "b.ply.report.pdf"));
}

TEST_F(BatchWithPatients, AScanTheFolderDoesNotHoldIsRefusedBeforeAnyWork) {
  test::TempDir work;
  const std::string csv = work.file("patients.csv");
  test::write_bytes(csv, "scan,patient_id\na.ply,P-001\nc.ply,P-003\n");
  const BatchOptions o = options(work, csv);
  try {
    (void)run_batch(o);
    ADD_FAILURE() << "c.ply is not in the folder";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find(csv + ":3: scan \"c.ply\" is not a scan in"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(work.path() / "out" / "a.ply.plan.json"));
}

}  // namespace
}  // namespace contour
