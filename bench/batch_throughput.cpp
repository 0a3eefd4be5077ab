// Batch throughput in scans per minute at --jobs 1 and --jobs 2, and the ratio.
// Scans: the folder in $CONTOUR_BENCH_SCANS if set; otherwise 10 phantoms (voxel 6 mm, dip
// depths 8-17 mm) generated into a temporary folder plus copies of data/samples. Every
// iteration re-plans every scan (force); outputs go to a temporary folder.
//   bench/batch_throughput --benchmark_repetitions=3
#include "contour/batch/find_scans.hpp"
#include "contour/batch/run_batch.hpp"
#include "contour/io/write_mesh.hpp"
#include "contour/phantom/make_phantom.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

struct Scans {
  fs::path folder;
  bool owned = false;
  std::size_t count = 0;
  Scans() {
    if (const char* env = std::getenv("CONTOUR_BENCH_SCANS")) {
      folder = env;
    } else {
      owned = true;
      folder = fs::temp_directory_path() / ("contour-bench-batch-" + std::to_string(::getpid()));
      fs::create_directories(folder);
      for (int i = 0; i < 10; ++i) {
        contour::PhantomOptions o;
        o.voxel_mm = 6.0;
        o.left.depth_mm = 8.0 + i;
        o.right.depth_mm = 17.0 - i;
        contour::write_mesh((folder / ("phantom_" + std::to_string(i) + ".ply")).string(), contour::make_phantom(o).mesh);
      }
      const fs::path samples = fs::path(__FILE__).parent_path().parent_path() / "data" / "samples";
      std::error_code ec;
      for (const auto& e : fs::directory_iterator(samples, ec)) {
        const std::string ext = e.path().extension().string();
        if (ext == ".ply" || ext == ".obj") fs::copy_file(e.path(), folder / e.path().filename(), ec);
      }
    }
    count = contour::find_scans(folder.string()).size();
  }
  ~Scans() {
    std::error_code ec;
    if (owned) fs::remove_all(folder, ec);
  }
};

Scans& scans() {
  static Scans s;
  return s;
}

/// User + system CPU time of this process, all threads, s.
double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

std::map<int, double>& best_seconds() {
  static std::map<int, double> m;
  return m;
}

void BM_BatchThroughput(benchmark::State& state) {
  const int jobs = static_cast<int>(state.range(0));
  Scans& s = scans();
  const fs::path out = fs::temp_directory_path() / ("contour-bench-batch-out-" + std::to_string(::getpid()));
  contour::BatchOptions o;
  o.input_dir = s.folder.string();
  o.output_dir = out.string();
  o.jobs = jobs;
  o.force = true;
  o.options_key = "bench";
  std::size_t failed = 0;
  double wall = 0, cpu = 0;
  for (auto _ : state) {
    const double c0 = process_cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    const contour::BatchSummary r = contour::run_batch(o);
    const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    cpu += process_cpu_seconds() - c0;
    wall += dt;
    failed = r.failed;
    auto& best = best_seconds()[jobs];
    best = best == 0 ? dt : std::min(best, dt);
  }
  std::error_code ec;
  fs::remove_all(out, ec);
  const double n = static_cast<double>(s.count) * static_cast<double>(state.iterations());
  state.counters["scans"] = static_cast<double>(s.count);
  state.counters["failed"] = static_cast<double>(failed);
  state.counters["scans_per_min"] = 60.0 * n / wall;  // mean over the iterations
  // CPU seconds of the whole process (all threads) per scan: equal at jobs 1 and 2 when the
  // batch adds no overhead, so a ratio below 2 then means the cores were busy with other work.
  state.counters["cpu_s_per_scan"] = cpu / n;
  state.counters["cores_used"] = cpu / wall;
}
BENCHMARK(BM_BatchThroughput)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kSecond)->Iterations(3);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  const auto& b = best_seconds();
  if (b.count(1) && b.count(2) && b.at(2) > 0) {
    const double n = static_cast<double>(scans().count);
    std::printf("best of the iterations: jobs 1 %.1f scans/min, jobs 2 %.1f scans/min, ratio %.2fx (%zu scans, %d cores)\n",
                60.0 * n / b.at(1), 60.0 * n / b.at(2), b.at(1) / b.at(2), scans().count,
                static_cast<int>(std::thread::hardware_concurrency()));
  }
  return 0;
}
