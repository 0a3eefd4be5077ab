// contour merge INPUT... --out merged.csv: one summary from the summaries of a sharded batch.
// Exit 0 when every scan has a result and the shard set is complete; 1 when some scans failed
// or were not run, a shard is missing (the merge is still written), or two summaries disagree
// about a scan (nothing is written); 2 for usage errors.
#include "command_list.hpp"

#include "contour/batch/merge_summaries.hpp"
#include "contour/batch/summary_csv.hpp"
#include "contour/core/errors.hpp"
#include "contour/io/output_files.hpp"
#include "contour/io/write_mesh.hpp"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace contour::app {
namespace {

struct MergeArgs {
  std::vector<std::string> inputs;
  std::string out;
  bool quiet = false;
};

int run_merge_command(const MergeArgs& a) {
  MergeResult m;
  std::vector<ResolvedOutput> outputs;
  try {
    outputs = resolve_outputs({{"--out", a.out, false}}, a.inputs);
  } catch (const InvalidInput& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  try {
    m = merge_summaries(a.inputs);
  } catch (const InvalidInput& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  for (const std::string& c : m.conflicts) std::cerr << "conflict: " << c << "\n";
  if (!m.conflicts.empty()) {
    std::cerr << "error: " << m.conflicts.size() << " scan(s) listed with different outcomes; nothing written to "
              << a.out << "\n";
    return 1;
  }
  if (!a.quiet)
    for (const std::string& d : m.duplicates) std::cerr << "note: listed more than once, same outcome: " << d << "\n";
  for (const std::string& s : m.missing_shards) std::cerr << "warning: missing shard summary " << s << "\n";

  const std::string csv = format_summary_csv(m.rows);
  OutputTransaction t(outputs);
  t.stage(0, [&](std::ostream& o) { o << csv; });
  t.commit();
  std::size_t ok = 0, skipped = 0, failed = 0, not_run = 0, unreadable = 0;
  for (const ScanRecord& r : m.rows) {
    switch (r.status) {
      case ScanStatus::ok: ++ok; break;
      case ScanStatus::skipped: ++skipped; break;
      case ScanStatus::failed: ++failed; break;
      case ScanStatus::not_run: ++not_run; break;
      case ScanStatus::unreadable: ++unreadable; break;
    }
  }
  std::cout << "merge: " << m.rows.size() << " scans from " << m.sources.size() << " summar"
            << (m.sources.size() == 1 ? "y" : "ies") << ": " << ok + skipped << " with a result, " << failed
            << " failed, " << not_run << " not run, " << unreadable << " unreadable (skipped); " << m.duplicates.size() << " duplicate(s); " << a.out << "\n";
  return failed + not_run > 0 || !m.missing_shards.empty() ? 1 : 0;
}

}  // namespace

void add_merge_command(CLI::App& app) {
  auto a = std::make_shared<MergeArgs>();
  CLI::App* sub = app.add_subcommand("merge", "Combine the summaries of batch shards (docs/batch.md) into one CSV, "
                                              "each scan once; reports duplicates, conflicts and missing shards");
  sub->add_option("INPUT", a->inputs,
                  "Summary CSV files, or batch output folders (their summary.csv / summary.shard-I-of-N.csv)")
      ->required();
  sub->add_option("--out,-o", a->out, "Merged CSV to write")->required();
  sub->add_flag("--quiet,-q", a->quiet, "Do not list duplicates");
  add_command(sub, [a] { return run_merge_command(*a); });
}

}  // namespace contour::app
