// contour phantom OUT.ply: placeholder registration until the phantom module lands.
#include "command_list.hpp"

namespace contour::app {
void add_phantom_command(CLI::App& app) { (void)app; }
}  // namespace contour::app
