// Time per stage of `contour plan` against VTK's own reading of the same file.
// Run: ./build/bench/bench_plan [--benchmark_filter=...]. Figures are only comparable within one
// run (the machine is shared and noisy); report ratios, e.g. plan / vtk_read.
#include "app_main.hpp"
#include "contour/import/clean_mesh.hpp"
#include "contour/import/detect_frame.hpp"
#include "contour/import/import_scan.hpp"
#include "contour/import/orient_faces.hpp"
#include "contour/io/read_mesh.hpp"
#include "contour/io/write_mesh.hpp"
#include "contour/phantom/make_phantom.hpp"
#include "contour/plan/plan_geometry.hpp"
#include "contour/plan/run_plan.hpp"

#include <benchmark/benchmark.h>
#include <vtkNew.h>
#include <vtkPLYReader.h>
#include <vtkPolyData.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>

namespace {

/// A phantom of about `triangles` faces (voxel 3 mm gives ~270 k; each subdivision x4), written
/// once per size as binary PLY in the temp folder.
const std::string& phantom_file(int subdivide, double voxel) {
  static std::map<std::pair<int, double>, std::string> files;
  auto& path = files[{subdivide, voxel}];
  if (path.empty()) {
    contour::PhantomOptions o;
    o.voxel_mm = voxel;
    o.subdivide = subdivide;
    o.left.depth_mm = 10;
    o.right.depth_mm = 14;
    const auto r = contour::make_phantom(o);
    path = (std::filesystem::temp_directory_path() /
            ("contour_bench_" + std::to_string(subdivide) + "_" + std::to_string(voxel) + ".ply")).string();
    contour::write_mesh(path, r.mesh);
  }
  return path;
}

const std::string& big() { return phantom_file(1, 3.0); }  // ~1.08 M triangles

void vtk_read(benchmark::State& st, const std::string& path) {
  for (auto _ : st) {
    vtkNew<vtkPLYReader> r;
    r->SetFileName(path.c_str());
    r->Update();
    benchmark::DoNotOptimize(r->GetOutput()->GetNumberOfCells());
  }
}

void BM_VtkReadPly(benchmark::State& st) { vtk_read(st, big()); }
void BM_ReadMesh(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(contour::read_mesh(big()).mesh.num_faces());
}
void BM_Import(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(contour::import_scan(big()).mesh.num_faces());
}
// The stages inside import_scan, each on the output of the previous one.
void BM_ImportClean(benchmark::State& st) {
  const auto raw = contour::read_mesh(big()).mesh;
  for (auto _ : st) benchmark::DoNotOptimize(contour::clean_mesh(raw, "bench").mesh.num_faces());
}
void BM_ImportPieces(benchmark::State& st) {
  const auto clean = contour::clean_mesh(contour::read_mesh(big()).mesh, "bench").mesh;
  for (auto _ : st) benchmark::DoNotOptimize(contour::connected_pieces(clean).area.size());
}
void BM_ImportOrient(benchmark::State& st) {
  auto clean = contour::clean_mesh(contour::read_mesh(big()).mesh, "bench").mesh;
  const auto pieces = contour::connected_pieces(clean);
  for (auto _ : st) benchmark::DoNotOptimize(contour::orient_faces(clean, pieces).faces_flipped);
}
void BM_ImportSelectPieces(benchmark::State& st) {
  const auto clean = contour::clean_mesh(contour::read_mesh(big()).mesh, "bench").mesh;
  const auto pieces = contour::connected_pieces(clean);
  st.counters["pieces"] = static_cast<double>(pieces.area.size());
  for (auto _ : st) benchmark::DoNotOptimize(contour::select_body_pieces(clean, pieces, 0.02).keep.size());
}
void BM_ImportFrame(benchmark::State& st) {
  const auto clean = contour::clean_mesh(contour::read_mesh(big()).mesh, "bench").mesh;
  for (auto _ : st) benchmark::DoNotOptimize(contour::detect_frame(clean, "bench", {}).crotch_z_mm);
}
void BM_ImportBoundaryLoops(benchmark::State& st) {
  const auto clean = contour::clean_mesh(contour::read_mesh(big()).mesh, "bench").mesh;
  for (auto _ : st) benchmark::DoNotOptimize(contour::count_boundary_loops(clean));
}
void BM_Geometry(benchmark::State& st) {
  const auto scan = contour::import_scan(big());
  for (auto _ : st) benchmark::DoNotOptimize(contour::plan_geometry(scan).regions.size());
}
void BM_Silhouette(benchmark::State& st) {
  const auto scan = contour::import_scan(big());
  for (auto _ : st) benchmark::DoNotOptimize(contour::extract_silhouette(scan.mesh, scan.info.crotch_z_mm).z.size());
}
void BM_PlanWhole(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(contour::run_plan(big()).geometry.regions.size());
}
// The goal's ratio measured pairwise: each iteration reads the file with VTK and then plans it,
// so that both see the same machine load; counters: the mean of each and their ratio.
void BM_PlanOverVtkRead(benchmark::State& st) {
  double vtk_s = 0, plan_s = 0;
  for (auto _ : st) {
    const auto t0 = std::chrono::steady_clock::now();
    {
      vtkNew<vtkPLYReader> r;
      r->SetFileName(big().c_str());
      r->Update();
      benchmark::DoNotOptimize(r->GetOutput()->GetNumberOfCells());
    }
    const auto t1 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(contour::run_plan(big()).geometry.regions.size());
    const auto t2 = std::chrono::steady_clock::now();
    vtk_s += std::chrono::duration<double>(t1 - t0).count();
    plan_s += std::chrono::duration<double>(t2 - t1).count();
  }
  const double n = static_cast<double>(st.iterations());
  st.counters["vtk_ms"] = 1000 * vtk_s / n;
  st.counters["plan_ms"] = 1000 * plan_s / n;
  st.counters["plan_over_vtk"] = plan_s / vtk_s;
}
// Cost against size: the whole plan at ~68 k, ~270 k and ~1.08 M triangles.
void BM_PlanBySize(benchmark::State& st) {
  const int level = static_cast<int>(st.range(0));
  const std::string& f = level == 0 ? phantom_file(0, 6.0) : level == 1 ? phantom_file(0, 3.0) : phantom_file(1, 3.0);
  const auto faces = contour::read_mesh(f).mesh.num_faces();
  for (auto _ : st) benchmark::DoNotOptimize(contour::run_plan(f).geometry.regions.size());
  st.counters["faces"] = static_cast<double>(faces);
  st.counters["us_per_kface"] = benchmark::Counter(static_cast<double>(faces) / 1000.0,
                                                   benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

}  // namespace

BENCHMARK(BM_VtkReadPly)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ReadMesh)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Import)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ImportClean)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ImportPieces)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ImportOrient)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ImportSelectPieces)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ImportFrame)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ImportBoundaryLoops)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Silhouette)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Geometry)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_PlanWhole)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_PlanOverVtkRead)->Unit(benchmark::kMillisecond)->MinTime(10.0);
BENCHMARK(BM_PlanBySize)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->MinTime(2.0);
// The same allocator settings as the `contour` app, so that the plan is timed as the app runs it.
int main(int argc, char** argv) {
  contour::app::keep_released_memory_for_reuse();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
