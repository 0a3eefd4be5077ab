#include "contour/core/version.hpp"

#ifndef CONTOUR_VERSION
#error "CONTOUR_VERSION is set by libcontour/CMakeLists.txt"
#endif

namespace contour {

const char* library_version() { return CONTOUR_VERSION; }

}  // namespace contour
