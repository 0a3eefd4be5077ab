#pragma once
// Import options shared by every command that reads a scan (--units, --up, --front).
#include "contour/import/import_scan.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace contour::app {

struct ImportCliArgs {
  std::string units, up, front;
};

inline void add_import_options(CLI::App* sub, ImportCliArgs& args) {
  sub->add_option("--units", args.units, "Units of the file: mm, cm, dm, m or in (default: detected from body height)")
      ->check(CLI::IsMember({"mm", "cm", "dm", "m", "in"}));
  sub->add_option("--up", args.up, "File axis pointing to the head: +x -x +y -y +z -z (default: detected)")
      ->check(CLI::IsMember({"+x", "-x", "+y", "-y", "+z", "-z", "x", "y", "z"}));
  sub->add_option("--front", args.front, "File axis pointing anteriorly: +x -x +y -y +z -z (default: detected)")
      ->check(CLI::IsMember({"+x", "-x", "+y", "-y", "+z", "-z", "x", "y", "z"}));
  // Up and front along the same file axis cannot both hold: a usage error (exit 2).
  sub->parse_complete_callback([&args] {
    if (!args.up.empty() && !args.front.empty() && args.up.back() == args.front.back())
      throw CLI::ValidationError("--front", args.front + " lies along --up " + args.up +
                                                "; the front must be a horizontal axis");
  });
}

inline ImportOptions to_import_options(const ImportCliArgs& args) {
  ImportOptions o;
  if (!args.units.empty()) o.units = parse_unit(args.units);
  if (!args.up.empty()) o.up = parse_axis(args.up);
  if (!args.front.empty()) o.front = parse_axis(args.front);
  return o;
}

}  // namespace contour::app
