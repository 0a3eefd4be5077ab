// The report's provenance and identity fields: SHA-256 against the FIPS 180-4 examples, the
// patient file's checks, command line over file.
#include "temp_dir.hpp"

#include "contour/core/errors.hpp"
#include "contour/report/report_identity.hpp"
#include "contour/report/sha256.hpp"

#include <gtest/gtest.h>

#include <string>

namespace contour::test {
namespace {

std::string sha(const std::string& s) { return sha256_hex(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); }

TEST(Sha256, MatchesTheFips180Examples) {
  EXPECT_EQ(sha(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, FileHashEqualsTheHashOfItsBytesAndChangesWithOneByte) {
  TempDir dir;
  // Longer than one read piece (64 KiB) and not a multiple of the 64-byte block.
  std::string bytes;
  for (int i = 0; i < 200001; ++i) bytes += static_cast<char>((i * 131) & 0xff);
  write_bytes(dir.file("a.bin"), bytes);
  EXPECT_EQ(sha256_file(dir.file("a.bin")), sha(bytes));
  bytes[100000] ^= 1;
  write_bytes(dir.file("b.bin"), bytes);
  EXPECT_NE(sha256_file(dir.file("b.bin")), sha256_file(dir.file("a.bin")));
  EXPECT_THROW((void)sha256_file(dir.file("missing.ply")), IoError);
}

TEST(PatientIdentity, LoadsTheFileAndTheCommandLineWins) {
  TempDir dir;
  write_bytes(dir.file("p.json"), R"({"patient_id": "MRN-0042", "patient_name": "Ana Souza", "date_of_birth": "1990-02-28",
                                      "scan_date": "2024-02-29", "surgeon": "Dr. K. Obi", "clinic": "Clinic A"})");
  const PatientIdentity f = load_patient_identity(dir.file("p.json"));
  EXPECT_EQ(f.patient_id, "MRN-0042");
  EXPECT_EQ(f.scan_date, "2024-02-29");  // a leap day
  PatientIdentity cli;
  cli.surgeon = "Dr. B. Lee";
  const PatientIdentity m = merge_identity(f, cli);
  EXPECT_EQ(m.surgeon, "Dr. B. Lee");
  EXPECT_EQ(m.clinic, "Clinic A");
  EXPECT_FALSE(m.empty());
  EXPECT_TRUE(PatientIdentity{}.empty());
  const auto fields = identity_fields(m);
  ASSERT_EQ(fields.size(), 6u);
  EXPECT_EQ(fields[0].first, "Patient ID");
  EXPECT_EQ(fields[4].second, "Dr. B. Lee");
}

TEST(PatientIdentity, BadFieldsAreRejectedNamingTheFileAndTheKey) {
  TempDir dir;
  auto message = [&](const std::string& json) {
    write_bytes(dir.file("p.json"), json);
    try {
      (void)load_patient_identity(dir.file("p.json"));
    } catch (const InvalidInput& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(R"({"date_of_birth": "1990-02-30"})").find("date_of_birth"), std::string::npos);
  EXPECT_NE(message(R"({"scan_date": "2023-02-29"})").find("scan_date"), std::string::npos);
  EXPECT_NE(message(R"({"scan_date": "12/03/2024"})").find("YYYY-MM-DD"), std::string::npos);
  EXPECT_NE(message(R"({"patient": "x"})").find("unknown key \"patient\""), std::string::npos);
  EXPECT_NE(message(R"({"patient_id": 42})").find("patient_id must be a string"), std::string::npos);
  EXPECT_NE(message(R"({"patient_name": "a\nb"})").find("control character"), std::string::npos);
  EXPECT_NE(message(R"(["x"])").find("JSON object"), std::string::npos);
  EXPECT_NE(message("{").find(dir.file("p.json")), std::string::npos);
  EXPECT_THROW((void)load_patient_identity(dir.file("none.json")), IoError);
  PatientIdentity long_name;
  long_name.patient_name = std::string(201, 'x');
  EXPECT_THROW(validate_patient_identity(long_name, "command line"), InvalidInput);
}

}  // namespace
}  // namespace contour::test
