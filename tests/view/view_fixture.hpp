#pragma once
// Shared by the render and interaction tests: the sample phantom's plan (computed once), a
// check that an X display is there, and PNG decoding.
#include "contour/plan/run_plan.hpp"

#include <gtest/gtest.h>

#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>
#include <vtkSmartPointer.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace contour::test {

inline const std::string kPhantom = std::string(CONTOUR_TEST_DATA_DIR) + "/samples/phantom_asymmetric.ply";

/// The phantom's plan at full correction with default options (one run per test program).
inline std::shared_ptr<const PlanResult> phantom_plan() {
  static const std::shared_ptr<const PlanResult> plan = std::make_shared<const PlanResult>(run_plan(kPhantom));
  return plan;
}

inline bool have_display() {
  const char* d = std::getenv("DISPLAY");
  return d != nullptr && *d != '\0';
}

#define CONTOUR_REQUIRE_DISPLAY()                                                   \
  do {                                                                              \
    if (!::contour::test::have_display()) GTEST_SKIP() << "no X display: run under xvfb-run -a"; \
  } while (0)

/// An RGB image: width x height, row 0 at the BOTTOM (VTK's convention), 3 bytes per pixel.
struct Rgb {
  int width = 0, height = 0;
  std::vector<std::uint8_t> data;
  [[nodiscard]] const std::uint8_t* at(int x, int y) const { return &data[3 * (static_cast<std::size_t>(y) * width + x)]; }
};

inline Rgb decode_png(const std::vector<std::uint8_t>& bytes) {
  vtkNew<vtkPNGReader> reader;
  reader->SetMemoryBuffer(bytes.data());
  reader->SetMemoryBufferLength(bytes.size());
  reader->Update();
  vtkImageData* img = reader->GetOutput();
  Rgb out;
  int dims[3];
  img->GetDimensions(dims);
  out.width = dims[0];
  out.height = dims[1];
  const int comps = img->GetNumberOfScalarComponents();
  const auto* p = static_cast<const std::uint8_t*>(img->GetScalarPointer());
  out.data.resize(static_cast<std::size_t>(out.width) * out.height * 3);
  for (std::size_t i = 0; i < static_cast<std::size_t>(out.width) * out.height; ++i)
    for (int k = 0; k < 3; ++k) out.data[3 * i + k] = p[i * comps + std::min(k, comps - 1)];
  return out;
}

}  // namespace contour::test
