#include "contour/vtk/image_size.hpp"

#include "contour/core/errors.hpp"

namespace contour::vtk {

std::pair<int, int> parse_image_size(const std::string& text) {
  const std::string expected = "size: expected WxH in pixels (e.g. 1200x900), got \"" + text + "\"";
  const auto x = text.find_first_of("xX");
  auto parse = [&](const std::string& part) {
    if (part.empty() || part.size() > 5 || part.find_first_not_of("0123456789") != std::string::npos)
      throw InvalidInput(expected);
    return std::stoi(part);
  };
  if (x == std::string::npos) throw InvalidInput(expected);
  const int w = parse(text.substr(0, x)), h = parse(text.substr(x + 1));
  if (w < 16 || w > 8192 || h < 16 || h > 8192)
    throw InvalidInput("size: each side must be 16..8192 pixels, got \"" + text + "\"");
  return {w, h};
}

}  // namespace contour::vtk
