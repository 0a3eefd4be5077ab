#pragma once
// Image sizes as typed on a command line ("1200x900"). No VTK here, so apps that only ask for
// report images need no VTK headers.
#include <utility>
#include <string>

namespace contour::vtk {

/// Parses "WxH" (e.g. "1200x900"), each side 16..8192 pixels; throws InvalidInput naming the
/// text otherwise.
[[nodiscard]] std::pair<int, int> parse_image_size(const std::string& text);

}  // namespace contour::vtk
