// contour batch IN_DIR --out OUT_DIR: plan every scan of a folder (parallel, resumable,
// shardable). The work is contour::run_batch; this file parses, reports progress and maps the
// outcome to an exit code: 0 all planned, 1 some failed, 2 usage error, 128+signal if stopped.
#include "app_main.hpp"
#include "command_list.hpp"
#include "plan_cli.hpp"

#include "contour/batch/followup_pairs.hpp"
#include "contour/batch/run_batch.hpp"
#include "contour/core/errors.hpp"

#ifdef CONTOUR_HAVE_VTK_ADAPTER
#include "contour/vtk/report_images.hpp"
#endif

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <new>
#include <system_error>
#include <string>
#include <unistd.h>
#include <vector>

namespace contour::app {
namespace {

struct BatchArgs {
  std::string in_dir, out_dir, shard, pairs, patients, paper = "a4";
  int jobs = 0;
  bool recursive = false, force = false, target = false, images = false, reports = false, quiet = false;
  PlanCliArgs plan;
};

// ---- Ctrl-C / SIGTERM: the first asks the batch to stop, a second one quits at once. ----
std::atomic<int> g_stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the stop flag is set from a signal handler");

extern "C" void on_stop_signal(int sig) {
  if (g_stop_signal.exchange(sig) != 0) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  const char msg[] = "\n[contour] stopping: no new scans; scans in flight stop at their next stage; then the "
                     "summary is written (press again to quit at once)\n";
  [[maybe_unused]] const auto n = ::write(STDERR_FILENO, msg, sizeof msg - 1);
}

struct SignalGuard {
  struct sigaction old_int {}, old_term {};
  SignalGuard() {
    g_stop_signal = 0;
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
  }
  ~SignalGuard() {
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
  }
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;
};

/// "Right side, before" -> "right-side-before": a view name for a file name.
std::string view_slug(const std::string& title) {
  std::string out;
  for (char c : title) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

/// The PNG renderer for --images: the VTK adapter's report renders (front and right side,
/// before and target; front and back coloured by fill thickness), made off-screen in memory;
/// the library writes them atomically as <scan>.<view>.png, the view named after the picture
/// ("front-before", "right-side-target", "front-fill-thickness", ...). Empty when the app is
/// built without the adapter.
RenderImagesFn image_renderer(const GraftOptions& graft) {
#ifdef CONTOUR_HAVE_VTK_ADAPTER
  return [graft](const PlanResult& plan) {
    // One render at a time: VTK's OpenGL rendering is not safe from several threads at once.
    static std::mutex render_mutex;
    const std::lock_guard<std::mutex> lock(render_mutex);
    std::vector<RenderedImage> out;
    for (const ReportImage& img : vtk::render_report_images(std::make_shared<const PlanResult>(plan), graft))
      if (!img.png.empty())
        out.push_back({view_slug(img.title), std::string(img.png.begin(), img.png.end()), img.title, img.caption});
    return out;
  };
#else
  (void)graft;
  return {};
#endif
}

std::string duration_text(double s) {
  if (!std::isfinite(s) || s < 0) return "?";
  char buf[32];
  const long t = std::lround(s);
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t / 60) % 60);
  else if (t >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  else std::snprintf(buf, sizeof buf, "%lds", t);
  return buf;
}

/// Progress on stderr: a bar redrawn in place on a terminal, one line per scan otherwise.
class ProgressView {
 public:
  ProgressView(bool quiet, bool terminal) : quiet_(quiet), bar_(terminal) {}

  void start(const BatchProgress& p, const std::string& shard, int jobs) {
    if (quiet_) return;
    const std::string at_once = jobs > 0 ? std::to_string(jobs) + " at a time" : "one per core";
    std::fprintf(stderr, "[contour] %zu scan%s%s: %zu up to date, %zu to plan, %s\n", p.total, p.total == 1 ? "" : "s",
                 shard.empty() ? "" : (" in shard " + shard).c_str(), p.skipped, p.to_plan, at_once.c_str());
    if (bar_) draw(p);
  }

  void finished(const ScanRecord& r, const BatchProgress& p) {
    if (quiet_) return;
    if (bar_) {
      if (r.status == ScanStatus::failed) std::fprintf(stderr, "\r\033[Kfailed: %s: %s\n", r.file.c_str(), r.error.c_str());
      draw(p);
    } else if (r.status == ScanStatus::failed) {
      std::fprintf(stderr, "[contour] %zu/%zu failed %s: %s\n", p.finished, p.total, r.file.c_str(), r.error.c_str());
    } else {
      std::fprintf(stderr, "[contour] %zu/%zu ok %s (%.1f s)\n", p.finished, p.total, r.file.c_str(), r.seconds);
    }
    std::fflush(stderr);
  }

  void end() {
    if (!quiet_ && bar_) std::fprintf(stderr, "\n");
  }

 private:
  void draw(const BatchProgress& p) {
    const std::size_t planned = p.ok + p.failed;
    const double rate_per_min = p.planning_s > 0 && planned > 0 ? 60.0 * planned / p.planning_s : 0.0;
    const double left_s = rate_per_min > 0 ? 60.0 * static_cast<double>(p.to_plan - planned) / rate_per_min : NAN;
    constexpr int width = 30;
    const int filled = p.total ? static_cast<int>(width * p.finished / p.total) : width;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '-');
    std::fprintf(stderr, "\r\033[K[%s] %zu/%zu", bar.c_str(), p.finished, p.total);
    if (p.failed) std::fprintf(stderr, " (%zu failed)", p.failed);
    if (rate_per_min > 0)
      std::fprintf(stderr, "  %.1f scans/min  %s left", rate_per_min, duration_text(left_s).c_str());
    std::fflush(stderr);
  }

  bool quiet_, bar_;
};

/// batch --pairs PAIRS.csv: one follow-up per listed patient (docs/followup.md, "Batch").
int run_pairs_command(const BatchArgs& a) {
  if (!a.in_dir.empty()) throw UsageError("batch takes IN_DIR or --pairs CSV, not both");
  if (!a.shard.empty() || a.recursive || a.target || a.images)
    throw UsageError("--shard, --recursive, --target and --images plan a folder; they do not apply to --pairs");
  FollowupRequest base;
  base.plan = to_plan_options(a.plan);
  base.processing = a.plan.graft.processing;
  const std::vector<FollowupPair> pairs = read_followup_pairs(a.pairs);
  const auto outcomes = run_followup_pairs(pairs, base, a.out_dir, [&](std::size_t i, std::size_t n, const std::string& id) {
    if (!a.quiet) std::fprintf(stderr, "[contour] %zu/%zu follow-up %s...\n", i + 1, n, id.c_str());
  });
  std::size_t failed = 0;
  for (const FollowupPairOutcome& o : outcomes)
    if (!o.ok) {
      ++failed;
      std::fprintf(stderr, "[contour] failed %s: %s\n", o.pair.patient_id.c_str(), o.error.c_str());
    }
  std::printf("batch: %zu follow-up%s, %zu measured, %zu failed; %s/followup-summary.csv\n", outcomes.size(),
              outcomes.size() == 1 ? "" : "s", outcomes.size() - failed, failed, a.out_dir.c_str());
  return failed > 0 ? 1 : 0;
}

int run_batch_command(const BatchArgs& a) {
  if (!a.pairs.empty() && !a.patients.empty())
    throw UsageError("--patients names the scans of a folder; a --pairs CSV has its own patient_id column");
  if (!a.pairs.empty()) return run_pairs_command(a);
  if (a.in_dir.empty()) throw UsageError("batch needs IN_DIR (a folder of scans) or --pairs CSV (follow-ups)");
  BatchOptions o;
  // Option values are usage errors (exit 2); the side files they name are input (exit 1).
  try {
    o.input_dir = a.in_dir;
    o.output_dir = a.out_dir;
    o.recursive = a.recursive;
    o.jobs = a.jobs;
    o.force = a.force;
    o.write_target = a.target;
    if (!a.shard.empty()) o.shard = parse_shard(a.shard);
    o.write_reports = a.reports;
    o.report_paper = parse_paper_size(a.paper);
  } catch (const InvalidInput& e) {
    throw UsageError(e.what());
  }
  o.plan = to_plan_options(a.plan);
  // Who each scan belongs to: a side file, so what is wrong in it is bad input (exit 1).
  if (!a.patients.empty()) o.patients = read_batch_patients(a.patients);
  // The up-to-date key is built by run_batch from the resolved options and the library version;
  // the reports' paper is ours to add.
  if (a.reports) o.options_key = "reports=" + a.paper;
  o.report_time = report_time();
  BatchCallbacks cb;
  if (a.images) {
    cb.render_images = image_renderer(o.plan.graft);
    if (!cb.render_images) {
      std::cerr << "error: --images needs the VTK rendering adapter, which this build does not provide\n";
      return 2;
    }
    const char* display = std::getenv("DISPLAY");
    if (display == nullptr || *display == '\0') {
      std::cerr << "error: --images renders off-screen through X and needs a display: run under xvfb-run -a\n";
      return 2;
    }
  }

  ProgressView view(a.quiet, ::isatty(STDERR_FILENO) == 1);
  BatchSummary s;
  {
    SignalGuard signals;
    cb.stop_requested = [] { return g_stop_signal.load() != 0; };
    cb.on_start = [&](const BatchProgress& p) { view.start(p, a.shard, a.jobs); };
    cb.on_scan_finished = [&](const ScanRecord& r, const BatchProgress& p) { view.finished(r, p); };
    try {
      s = run_batch(o, cb);
    } catch (const InvalidInput& e) {  // checked before any scan is planned
      view.end();
      // A scan the patients CSV lists but the folder does not hold: the CSV is wrong (exit 1).
      if (!a.patients.empty() && std::string(e.what()).rfind(a.patients + ":", 0) == 0) throw;
      std::cerr << "error: " << e.what() << "\n";
      return 2;
    } catch (const std::bad_alloc&) {
      view.end();
      throw ResourceError(a.in_dir + ": out of memory while running the batch");
    } catch (const std::runtime_error& e) {
      view.end();
      // Only a thread that cannot start; a file-system error keeps its own message.
      if (!is_thread_start_failure(e)) throw;
      throw ResourceError(a.in_dir + ": cannot start the batch's worker threads (" + std::string(e.what()) + ")");
    }
    view.end();
  }

  const int sig = g_stop_signal.load();
  std::cout << "batch: " << s.scans.size() << " scan" << (s.scans.size() == 1 ? "" : "s");
  if (o.shard.count > 1) std::cout << " (shard " << o.shard.index << "/" << o.shard.count << " of " << s.found << ")";
  std::cout << ": " << s.ok << " planned, " << s.skipped << " up to date, " << s.failed << " failed, " << s.not_run
            << " not run";
  if (s.unreadable) std::cout << ", " << s.unreadable << " unreadable (skipped)";
  std::cout << "; " << s.summary_path << "\n";
  for (const ScanRecord& r : s.scans)
    if (r.status == ScanStatus::unreadable && !a.quiet) std::cerr << "[contour] " << r.file << ": " << r.error << "\n";
  if (s.scans.empty()) std::cerr << "[contour] no scans (.ply .obj .stl .vtp .vtk) in " << a.in_dir
                                 << (a.recursive ? "" : " (add --recursive for subfolders)") << "\n";
  if (s.stopped) {
    std::cerr << "[contour] stopped: " << s.not_run << " scan(s) not run; run the same command again to resume\n";
    return 128 + (sig ? sig : SIGINT);
  }
  return s.failed > 0 ? 1 : 0;
}

}  // namespace

void add_batch_command(CLI::App& app) {
  auto a = std::make_shared<BatchArgs>();
  CLI::App* sub = app.add_subcommand(
      "batch", "Plan every scan in a folder: OUT_DIR/<scan>.plan.json per scan and OUT_DIR/summary.csv; parallel, "
               "resumable (up-to-date results are kept), shardable across machines (docs/batch.md)");
  sub->add_option("IN_DIR", a->in_dir, "Folder of scans (.ply .obj .stl .vtp .vtk); or give --pairs");
  sub->add_option("--pairs", a->pairs,
                  "Instead of IN_DIR: a CSV of follow-ups (patient_id, pre, post, plan; optional months, "
                  "injected_left_ml, injected_right_ml, session): OUT_DIR/<patient_id>.followup.json each and "
                  "OUT_DIR/followup-summary.csv (docs/followup.md)")
      ->check(non_empty());
  sub->add_option("--out,-o", a->out_dir, "Output folder (created if missing; not IN_DIR)")->required()->check(non_empty());
  sub->add_option("--jobs,-j", a->jobs, "Scans planned at once (default 0 = one per core)")->check(CLI::Range(0, 1024));
  sub->add_flag("--recursive,-r", a->recursive, "Also plan the scans in subfolders (mirrored under OUT_DIR)");
  sub->add_option("--shard", a->shard,
                  "Plan only part i of N of the sorted scan list, i 0-based: 0/4 .. 3/4 (summary.shard-i-of-N.csv)")
      ->check(non_empty("i/N, e.g. 0/4"));
  sub->add_flag("--force", a->force, "Plan every scan again, even those with an up-to-date result");
  sub->add_flag("--target", a->target, "Also write the target surface, <scan>.target.ply, in the scan's frame and units");
  sub->add_flag("--images", a->images,
                "Also write PNG renders, <scan>.<view>.png (off-screen through X: run under xvfb-run -a)");
  sub->add_option("--patients", a->patients,
                  "CSV naming each scan's patient: a scan column (path relative to IN_DIR) and any of patient_id, "
                  "patient_name, date_of_birth, scan_date (YYYY-MM-DD), surgeon, clinic; shown in each plan JSON "
                  "(patient) and in summary.csv (patient_id)")
      ->check(non_empty());
  sub->add_flag("--reports", a->reports,
                "Also write the PDF consult report, <scan>.report.pdf, with the scan's patient from --patients "
                "(with the renders when --images is given too)");
  sub->add_option("--paper", a->paper, "Paper of the --reports PDFs: a4 (default) or letter")
      ->check(CLI::IsMember({"a4", "letter"}));
  sub->add_flag("--quiet,-q", a->quiet, "No progress output (the final line and errors still print)");
  add_plan_options(sub, a->plan);
  add_command(sub, [a] { return run_batch_command(*a); });
}

}  // namespace contour::app
