#pragma once
// Rendering without a display. Debian 12's VTK 9.1 is built for X only (vtkRenderingOpenGLConfigure.h:
// VTK_USE_X, no VTK_OPENGL_HAS_EGL, no VTK_OPENGL_HAS_OSMESA), so an off-screen render still
// needs an X server. When none is set, the command is run again under `xvfb-run -a`: a private
// virtual X display that lives as long as the command. No VTK here.
#include <string>

namespace contour::vtk {

/// True if DISPLAY names an X display (set and not empty).
[[nodiscard]] bool have_display();

/// If no display is set: prints one line to stderr (unless `quiet`) and replaces this process
/// with the same command line (/proc/self/cmdline, /proc/self/exe) run under
/// `xvfb-run -a -n N -s "-screen 0 1920x1080x24"` (N from the process id, so concurrent runs
/// look for free display numbers in different places); the exit code is the command's. Returns at once
/// when a display is set. Throws RenderError when there is no display and xvfb-run is not
/// installed (Debian package xvfb) or this process was already started that way
/// (CONTOUR_VIRTUAL_DISPLAY=1) and still has none.
void run_again_on_virtual_display_if_needed(const std::string& program, bool quiet);

}  // namespace contour::vtk
