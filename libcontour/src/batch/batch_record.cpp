#include "batch/batch_record.hpp"

#include "contour/io/read_side_file.hpp"

#include <nlohmann/json.hpp>

#include <fstream>

namespace contour::detail {

namespace {
const char* const kSchema = "libcontour.batch-record/1";
}

std::string batch_record_to_json(const BatchRecord& r) {
  nlohmann::json j;
  j["schema"] = kSchema;
  j["file"] = r.file;
  j["input"] = {{"size_bytes", r.input.size_bytes}, {"mtime_ns", r.input.mtime_ns}, {"fnv1a64", hex64(r.input.fnv1a64)}};
  j["options_key"] = r.options_key;
  j["outputs"] = r.outputs;
  j["fill_left_ml"] = r.fill_left_ml;
  j["fill_right_ml"] = r.fill_right_ml;
  j["inject_ml"] = r.inject_ml;
  j["aspirate_ml"] = r.aspirate_ml;
  j["warnings"] = r.warnings;
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<BatchRecord> read_batch_record(const std::string& path) {
  try {
    // A record is a side file: regular and small, or not a record (a FIFO must not block).
    const nlohmann::json j = nlohmann::json::parse(read_side_file(path, "batch record"));
    if (j.at("schema").get<std::string>() != kSchema) return std::nullopt;
    BatchRecord r;
    r.file = j.at("file").get<std::string>();
    const auto& input = j.at("input");
    r.input.size_bytes = input.at("size_bytes").get<std::uint64_t>();
    r.input.mtime_ns = input.at("mtime_ns").get<std::int64_t>();
    const std::string hex = input.at("fnv1a64").get<std::string>();
    if (hex.size() != 16) return std::nullopt;
    r.input.fnv1a64 = std::stoull(hex, nullptr, 16);
    r.options_key = j.at("options_key").get<std::string>();
    r.outputs = j.at("outputs").get<std::vector<std::string>>();
    r.fill_left_ml = j.at("fill_left_ml").get<double>();
    r.fill_right_ml = j.at("fill_right_ml").get<double>();
    r.inject_ml = j.at("inject_ml").get<double>();
    r.aspirate_ml = j.at("aspirate_ml").get<double>();
    r.warnings = j.at("warnings").get<std::vector<std::string>>();
    return r;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace contour::detail
