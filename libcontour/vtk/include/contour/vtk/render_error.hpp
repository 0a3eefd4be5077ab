#pragma once
// The adapter's one exception of its own (no VTK here, so apps can catch it without VTK headers).
#include <stdexcept>

namespace contour::vtk {

/// Rendering failed (no display to open a context on, image could not be read back).
class RenderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace contour::vtk
