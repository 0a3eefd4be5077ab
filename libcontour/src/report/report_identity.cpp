#include "contour/report/report_identity.hpp"

#include "contour/core/errors.hpp"
#include "contour/core/version.hpp"
#include "contour/io/read_side_file.hpp"
#include "contour/plan/plan_options_key.hpp"
#include "contour/report/sha256.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace contour {
namespace {

constexpr std::size_t kMaxFieldBytes = 200;

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool valid_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  const int y = std::atoi(s.substr(0, 4).c_str()), m = std::atoi(s.substr(5, 2).c_str()),
            d = std::atoi(s.substr(8, 2).c_str());
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  return d <= days[m - 1] + (m == 2 && leap(y) ? 1 : 0);
}

/// Formats a key's value for people: numbers with 6 significant digits, the rest as is.
std::string readable_value(const std::string& v) {
  if (v.empty()) return v;
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() + v.size() && v.find_first_not_of("0123456789+-.eE") == std::string::npos) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6g", d);
    return buf;
  }
  return v;
}

struct FieldRef {
  const char* key;
  const char* label;
  std::string PatientIdentity::*member;
};
const FieldRef kFields[] = {{"patient_id", "Patient ID", &PatientIdentity::patient_id},
                            {"patient_name", "Patient name", &PatientIdentity::patient_name},
                            {"date_of_birth", "Date of birth", &PatientIdentity::date_of_birth},
                            {"scan_date", "Scan date", &PatientIdentity::scan_date},
                            {"surgeon", "Surgeon", &PatientIdentity::surgeon},
                            {"clinic", "Clinic", &PatientIdentity::clinic}};

}  // namespace

bool PatientIdentity::empty() const {
  for (const auto& f : kFields)
    if (!(this->*f.member).empty()) return false;
  return true;
}

std::vector<std::pair<std::string, std::string>> identity_fields(const PatientIdentity& id) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : kFields) out.emplace_back(f.label, id.*f.member);
  return out;
}

std::vector<std::pair<std::string, std::string>> identity_by_key(const PatientIdentity& id) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : kFields) out.emplace_back(f.key, id.*f.member);
  return out;
}

std::string* identity_field(PatientIdentity& id, const std::string& key) {
  for (const auto& f : kFields)
    if (key == f.key) return &(id.*f.member);
  return nullptr;
}

std::string identity_key_names() {
  std::string out;
  for (const auto& f : kFields) out += (out.empty() ? "" : ", ") + std::string(f.key);
  return out;
}

std::string patient_line(const PatientIdentity& id) {
  std::string who = id.patient_name.empty() ? std::string("patient name not given") : id.patient_name;
  if (!id.patient_id.empty()) who += " (ID " + id.patient_id + ")";
  if (!id.date_of_birth.empty()) who += ", born " + id.date_of_birth;
  return who;
}

void validate_patient_identity(const PatientIdentity& id, const std::string& context) {
  for (const auto& f : kFields) {
    const std::string& v = id.*f.member;
    if (v.size() > kMaxFieldBytes)
      throw InvalidInput(context + ": " + f.key + " is " + std::to_string(v.size()) + " bytes long (at most " +
                         std::to_string(kMaxFieldBytes) + ")");
    for (unsigned char c : v)
      if (c < 0x20 || c == 0x7f)
        throw InvalidInput(context + ": " + f.key + " holds a control character (line break or tab)");
  }
  for (const auto* f : {&kFields[2], &kFields[3]}) {
    const std::string& v = id.*(f->member);
    if (!v.empty() && !valid_iso_date(v))
      throw InvalidInput(context + ": " + f->key + " = \"" + v + "\" is not a date YYYY-MM-DD");
  }
}

PatientIdentity load_patient_identity(const std::string& path) {
  const std::string text = read_side_file(path, "patient file");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InvalidInput(path + ": patient file is not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object()) throw InvalidInput(path + ": patient file must hold a JSON object");
  PatientIdentity id;
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string* field = identity_field(id, it.key());
    if (!field) throw InvalidInput(path + ": unknown key \"" + it.key() + "\" (known: " + identity_key_names() + ")");
    if (!it.value().is_string()) throw InvalidInput(path + ": " + it.key() + " must be a string");
    *field = it.value().get<std::string>();
  }
  validate_patient_identity(id, path);
  return id;
}

PatientIdentity merge_identity(PatientIdentity base, const PatientIdentity& over) {
  for (const auto& f : kFields)
    if (!(over.*f.member).empty()) base.*f.member = over.*f.member;
  return base;
}

ReportProvenance make_report_provenance(const PlanResult& plan, const PlanOptions& options, std::time_t now) {
  ReportProvenance p;
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  p.report_date = buf;
  p.scan_path = plan.scan.info.path;
  const auto slash = p.scan_path.find_last_of('/');
  p.scan_file_name = slash == std::string::npos ? p.scan_path : p.scan_path.substr(slash + 1);
  p.scan_sha256 = sha256_file(p.scan_path);
  p.software_version = std::string("libcontour ") + library_version();
  std::istringstream key(plan_options_key(options));
  std::string line;
  while (std::getline(key, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos || line.compare(0, eq, "libcontour") == 0) continue;
    p.settings.emplace_back(line.substr(0, eq), readable_value(line.substr(eq + 1)));
  }
  return p;
}

}  // namespace contour
