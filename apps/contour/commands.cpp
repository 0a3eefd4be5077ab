#include "commands.hpp"

#include "command_list.hpp"

#include <functional>
#include <utility>
#include <vector>

namespace contour::app {
namespace {
std::vector<std::pair<CLI::App*, std::function<int()>>>& registry() {
  static std::vector<std::pair<CLI::App*, std::function<int()>>> r;
  return r;
}
}  // namespace

void add_command(CLI::App* sub, std::function<int()> run) { registry().emplace_back(sub, std::move(run)); }

void register_commands(CLI::App& app) {
  add_info_command(app);
  add_phantom_command(app);
  add_plan_command(app);
  add_report_command(app);
  add_batch_command(app);
  add_merge_command(app);
  add_followup_command(app);
  add_calibrate_command(app);
}

int run_selected(CLI::App& app) {
  for (auto& [sub, run] : registry())
    if (app.got_subcommand(sub)) return run();
  return 2;
}

}  // namespace contour::app
