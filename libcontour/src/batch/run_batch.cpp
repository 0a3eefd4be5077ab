#include "contour/batch/run_batch.hpp"

#include "batch/batch_record.hpp"
#include "contour/batch/find_scans.hpp"
#include "contour/batch/fingerprint_file.hpp"
#include "contour/io/output_files.hpp"
#include "contour/plan/plan_options_key.hpp"
#include "contour/report/report_identity.hpp"
#include "core/valid_utf8.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "contour/batch/summary_csv.hpp"
#include "contour/core/errors.hpp"
#include "core/format_text.hpp"
#include "contour/io/write_mesh.hpp"
#include "contour/report/plan_report.hpp"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>

namespace contour {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// Thrown from run_plan's progress callback to abandon a scan when a stop is requested.
struct StopRequested {};

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

/// Where one scan's input and outputs live. Output names are the scan's relative path plus a
/// suffix, so two scans never share an output (the map REL -> REL + suffix is one-to-one).
struct ScanPaths {
  std::string rel;    ///< relative to the input folder, '/'-separated
  fs::path input;     ///< IN_DIR/REL
  fs::path base;      ///< OUT_DIR/REL; outputs are base + suffix
  [[nodiscard]] std::string name(const std::string& suffix) const { return base.filename().string() + suffix; }
  [[nodiscard]] std::string path(const std::string& suffix) const { return base.string() + suffix; }
  [[nodiscard]] std::string record() const { return path(".batch.json"); }
  [[nodiscard]] std::string json() const { return path(".plan.json"); }
  [[nodiscard]] std::string target() const { return path(".target.ply"); }
  [[nodiscard]] std::string report() const { return path(".report.pdf"); }
  /// An output name as a record lists it (JSON holds valid UTF-8 only, so the bytes of a scan
  /// name that are not valid UTF-8 come back as U+FFFD) turned back into the file's real name:
  /// the record's names are this scan's base name plus an ASCII suffix.
  [[nodiscard]] std::string real_name(const std::string& recorded) const {
    const std::string real_base = base.filename().string();
    const std::string shown_base = detail::valid_utf8(real_base);
    if (shown_base == real_base || recorded.compare(0, shown_base.size(), shown_base) != 0) return recorded;
    return real_base + recorded.substr(shown_base.size());
  }
  /// An output name listed in a record is trusted only if it is one of this scan's own names.
  [[nodiscard]] bool owns(const std::string& output_name) const {
    const std::string prefix = base.filename().string() + ".";
    return output_name.size() > prefix.size() && output_name.compare(0, prefix.size(), prefix) == 0 &&
           output_name.find('/') == std::string::npos && output_name.find('\\') == std::string::npos;
  }
};

ScanPaths scan_paths(const BatchOptions& o, const std::string& rel) {
  return {rel, fs::path(o.input_dir) / fs::path(rel), fs::path(o.output_dir) / fs::path(rel)};
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

const PatientIdentity& identity_of(const BatchOptions& o, const std::string& rel) {
  static const PatientIdentity none;
  const auto it = o.patients.by_scan.find(rel);
  return it == o.patients.by_scan.end() ? none : it->second;
}

/// The up-to-date key of one scan: the batch's key and the patient it is planned for.
std::string scan_key(const BatchOptions& o, const std::string& rel) {
  return o.options_key + patient_identity_key(identity_of(o, rel));
}

void fill_row(ScanRecord& row, const detail::BatchRecord& rec, const ScanPaths& p) {
  row.fill_left_ml = rec.fill_left_ml;
  row.fill_right_ml = rec.fill_right_ml;
  row.inject_ml = rec.inject_ml;
  row.aspirate_ml = rec.aspirate_ml;
  row.warnings = rec.warnings;
  row.result = p.rel + ".plan.json";
  row.input_hash = hex64(rec.input.fnv1a64);
}

/// True (and `row` filled as skipped) if the scan's result from an earlier run is up to date.
bool check_up_to_date(const BatchOptions& o, bool images, const ScanPaths& p, ScanRecord& row) {
  std::optional<detail::BatchRecord> rec = detail::read_batch_record(p.record());
  if (!rec || detail::valid_utf8(rec->file) != detail::valid_utf8(p.rel) || rec->options_key != scan_key(o, p.rel)) return false;
  std::set<std::string> outputs;
  for (const std::string& name : rec->outputs) outputs.insert(p.real_name(name));
  if (!outputs.count(p.name(".plan.json"))) return false;
  if (o.write_target && !outputs.count(p.name(".target.ply"))) return false;
  if (o.write_reports && !outputs.count(p.name(".report.pdf"))) return false;
  if (images && std::none_of(outputs.begin(), outputs.end(), [](const std::string& n) { return ends_with(n, ".png"); }))
    return false;
  const fs::path folder = p.base.parent_path();
  for (const std::string& name : outputs) {
    std::error_code ec;
    if (!p.owns(name) || !fs::is_regular_file(folder / name, ec)) return false;
  }
  try {
    const FileFingerprint now = stat_file(p.input.string());
    if (now.size_bytes != rec->input.size_bytes) return false;
    if (now.mtime_ns != rec->input.mtime_ns) {
      // Touched or copied: compare the content, and remember the new time so the next check is cheap.
      const FileFingerprint content = fingerprint_file(p.input.string());
      if (content.fnv1a64 != rec->input.fnv1a64 || content.size_bytes != rec->input.size_bytes) return false;
      rec->input.mtime_ns = content.mtime_ns;
      try {
        const std::string text = detail::batch_record_to_json(*rec);
        write_file_atomically(p.record(), [&](std::ostream& out) { out << text; });
      } catch (const std::exception&) {
        // Only an optimisation: the content hash decides again next time.
      }
    }
  } catch (const std::exception&) {
    return false;  // unreadable now: plan it, and let the plan report the error
  }
  row.status = ScanStatus::skipped;
  fill_row(row, *rec, p);
  return true;
}

void remove_outputs(const ScanPaths& p, const std::vector<std::string>& names) {
  const fs::path folder = p.base.parent_path();
  std::error_code ec;
  for (const std::string& name : names)
    if (p.owns(name)) fs::remove(folder / name, ec);
}

bool valid_view_name(const std::string& v) {
  return !v.empty() && v.size() <= 64 && std::all_of(v.begin(), v.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
         });
}

/// Plans one scan and writes its outputs, the record last. Never throws.
ScanRecord plan_one(const BatchOptions& o, const BatchCallbacks& cb, const ScanPaths& p) {
  const auto start = Clock::now();
  ScanRecord row;
  row.file = p.rel;
  std::vector<std::string> stale = {p.name(".batch.json"), p.name(".plan.json"), p.name(".target.ply"),
                                    p.name(".report.pdf")};
  if (const auto old = detail::read_batch_record(p.record())) for (const std::string& name : old->outputs) stale.push_back(p.real_name(name));
  std::vector<std::string> written;
  try {
    const FileFingerprint fp = fingerprint_file(p.input.string());
    row.input_hash = hex64(fp.fnv1a64);
    const PlanResult plan = run_plan(p.input.string(), o.plan, [&](const std::string&) {
      if (cb.stop_requested && cb.stop_requested()) throw StopRequested{};
    });
    // From here on the scan is finished even if a stop is requested: its outputs are written.
    std::error_code ec;
    fs::create_directories(p.base.parent_path(), ec);
    if (!fs::is_directory(p.base.parent_path()))
      throw IoError(p.base.parent_path().string() + ": cannot create the folder: " + ec.message());

    const std::string json = plan_to_json_text(plan, identity_of(o, p.rel));
    write_file_atomically(p.json(), [&](std::ostream& out) { out << json; });
    written.push_back(p.name(".plan.json"));
    if (o.write_target) {
      write_target_mesh(plan, p.target());
      written.push_back(p.name(".target.ply"));
    }
    std::vector<ReportImage> report_images;
    if (cb.render_images) {
      std::set<std::string> views;
      for (const RenderedImage& img : cb.render_images(plan)) {
        if (!valid_view_name(img.view) || !views.insert(img.view).second)
          throw InvalidInput(p.input.string() + ": the renderer returned a bad or repeated view name \"" + img.view +
                             "\" (expected [a-z0-9_-]+, unique)");
        if (img.png.empty()) throw InvalidInput(p.input.string() + ": the renderer returned an empty image for view " + img.view);
        const std::string name = p.name("." + img.view + ".png");
        write_file_atomically(p.path("." + img.view + ".png"), [&](std::ostream& out) { out << img.png; }, true);
        written.push_back(name);
        if (o.write_reports)
          report_images.push_back({img.title.empty() ? img.view : img.title, img.caption,
                                   std::vector<std::uint8_t>(img.png.begin(), img.png.end())});
      }
    }
    if (o.write_reports) {
      PdfReportOptions ro;
      ro.paper = o.report_paper;
      ro.patient = identity_of(o, p.rel);
      ro.provenance = make_report_provenance(plan, o.plan, o.report_time > 0 ? o.report_time : std::time(nullptr));
      ro.no_images_note = "Renders left out (a batch without --images).";
      const std::string pdf = format_pdf_report(plan, o.plan, report_images, ro);
      write_file_atomically(p.report(), [&](std::ostream& out) { out << pdf; }, true);
      written.push_back(p.name(".report.pdf"));
    }

    detail::BatchRecord rec;
    rec.file = p.rel;
    rec.input = fp;
    rec.options_key = scan_key(o, p.rel);
    rec.outputs = written;
    rec.fill_left_ml = plan.geometry.sides[0].fill_ml;
    rec.fill_right_ml = plan.geometry.sides[1].fill_ml;
    rec.inject_ml = plan.graft.inject_ml;
    rec.aspirate_ml = plan.graft.aspirate_ml;
    rec.warnings = plan.warnings;
    const std::string text = detail::batch_record_to_json(rec);
    write_file_atomically(p.record(), [&](std::ostream& out) { out << text; });
    // Outputs of an earlier run that this one did not write (e.g. a view no longer rendered)
    // stay: they are listed nowhere and harmless; the record lists what belongs to the result.
    row.status = ScanStatus::ok;
    fill_row(row, rec, p);
  } catch (const StopRequested&) {
    // Abandoned inside run_plan, before anything was written: earlier outputs are untouched
    // (if they are out of date their record says so and they are redone next time).
    row = ScanRecord{};
    row.file = p.rel;
    row.status = ScanStatus::not_run;
  } catch (const std::exception& e) {
    row.status = ScanStatus::failed;
    row.error = detail::one_line(e.what());
  } catch (...) {
    row.status = ScanStatus::failed;
    row.error = p.input.string() + ": unknown error";
  }
  if (row.status == ScanStatus::failed) {
    // No result: remove what this run wrote and what earlier runs left, record first.
    remove_outputs(p, stale);
    remove_outputs(p, written);
    row.result.clear();
  }
  row.seconds = seconds_since(start);
  return row;
}

bool is_within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}


/// An exclusive flock on OUT_DIR/.<summary name>.lock for the life of the run: a second batch
/// writing the same summary (same folder, same shard) is refused instead of racing the first.
/// The lock goes with the process (also when it is killed, leaving the file, which the next run
/// reuses); a run that ends normally removes the file while still holding the lock.
class OutputFolderLock {
 public:
  OutputFolderLock(const std::string& output_dir, const std::string& summary_name) {
    path_ = (fs::path(output_dir) / ("." + summary_name + ".lock")).string();
    for (int attempt = 0;; ++attempt) {
      fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
      if (fd_ < 0) throw IoError(path_ + ": cannot create the batch lock file: " + std::strerror(errno));
      if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) break;  // held: reported below
      // Locked; but if the holder removed the file between our open and our lock, the lock is on
      // a file nobody else will see: open the path again.
      struct stat a {}, b {};
      if (::fstat(fd_, &a) == 0 && ::stat(path_.c_str(), &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
        break;
      ::close(fd_);
      fd_ = -1;
      if (attempt >= 10) throw IoError(path_ + ": cannot lock: the lock file keeps being replaced");
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int e = errno;
      char buf[32] = {};
      const ssize_t n = ::pread(fd_, buf, sizeof buf - 1, 0);
      ::close(fd_);
      fd_ = -1;
      std::string holder = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
      while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
      if (e == EWOULDBLOCK)
        throw IoError(output_dir + ": another contour batch is already writing " + summary_name + " in this folder" +
                      (holder.empty() ? std::string() : " (process " + holder + ")") +
                      "; wait for it to finish or use another --out");
      throw IoError(path_ + ": cannot lock: " + std::strerror(e));
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) == 0) {
      [[maybe_unused]] const ssize_t w = ::pwrite(fd_, pid.data(), pid.size(), 0);
    }
  }
  ~OutputFolderLock() {
    if (fd_ < 0) return;
    ::unlink(path_.c_str());
    ::close(fd_);
  }
  OutputFolderLock(const OutputFolderLock&) = delete;
  OutputFolderLock& operator=(const OutputFolderLock&) = delete;

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace

BatchSummary run_batch(const BatchOptions& given, const BatchCallbacks& cb) {
  const auto start = Clock::now();
  // The up-to-date key: the resolved plan settings and the library version, built here so that
  // a changed default or a new library makes stored results out of date; the caller's own text
  // (outputs it adds, say) is appended.
  BatchOptions o = given;
  o.options_key = plan_options_key(given.plan) + (given.options_key.empty() ? "" : "caller=" + given.options_key + "\n");
  if (o.jobs < 0) throw InvalidInput("jobs must be >= 0 (0 = one per core), got " + std::to_string(o.jobs));
  (void)select_shard({}, o.shard);  // checks the shard
  std::error_code ec;
  if (o.input_dir.empty() || !fs::is_directory(o.input_dir, ec))
    throw InvalidInput(o.input_dir + ": no such input folder");
  if (o.output_dir.empty()) throw InvalidInput("no output folder given");
  const fs::path in = fs::weakly_canonical(o.input_dir, ec);
  const fs::path out = fs::weakly_canonical(o.output_dir, ec);
  if (is_within(in, out))
    throw InvalidInput(o.output_dir + ": the output folder must not be the input folder nor contain it (" +
                       o.input_dir + ")");
  fs::create_directories(o.output_dir, ec);
  if (!fs::is_directory(o.output_dir))
    throw IoError(o.output_dir + ": cannot create the output folder: " + ec.message());
  const OutputFolderLock lock(o.output_dir, summary_file_name(o.shard));
  (void)remove_stale_temporaries(o.output_dir);

  FindScansOptions find;
  find.recursive = o.recursive;
  find.skip_folder = o.output_dir;
  const FoundScans found = find_scan_entries(o.input_dir, find);
  const std::vector<std::string>& all = found.scans;
  for (const auto& [rel, line] : o.patients.line_of_scan)
    if (!std::binary_search(all.begin(), all.end(), rel))
      throw InvalidInput(o.patients.source + ":" + std::to_string(line) + ": scan \"" + detail::one_line(rel) +
                         "\" is not a scan in " + o.input_dir + (o.recursive ? "" : " (subfolders need --recursive)"));
  const std::vector<std::string> mine = select_shard(all, o.shard);
  // Unreadable entries are shared out over the shards like scans, each listed by one shard.
  std::vector<std::string> unreadable_names;
  for (const UnreadableEntry& u : found.unreadable) unreadable_names.push_back(u.file);
  const std::vector<std::string> my_unreadable = select_shard(unreadable_names, o.shard);

  BatchSummary summary;
  summary.found = all.size();
  summary.scans.resize(mine.size());
  std::vector<ScanPaths> paths;
  for (std::size_t i = 0; i < mine.size(); ++i) {
    summary.scans[i].file = mine[i];
    paths.push_back(scan_paths(o, mine[i]));
  }
  auto stop = [&] { return cb.stop_requested && cb.stop_requested(); };

  // --jobs: an arena of that many threads; raise TBB's process-wide cap only if it asks for
  // more than the default (one per core), never lower it for anyone else.
  std::unique_ptr<tbb::global_control> raise;
  if (o.jobs > tbb::info::default_concurrency())
    raise = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                  static_cast<std::size_t>(o.jobs));
  tbb::task_arena arena(o.jobs > 0 ? o.jobs : tbb::task_arena::automatic);
  const tbb::blocked_range<std::size_t> all_scans(0, mine.size(), 1);

  // 1. Which results are up to date (stat and record reads, content hashes if touched).
  if (!o.force) {
    arena.execute([&] {
      tbb::parallel_for(all_scans, [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) {
          if (stop()) return;
          (void)check_up_to_date(o, static_cast<bool>(cb.render_images), paths[i], summary.scans[i]);
        }
      });
    });
  }

  BatchProgress progress;
  progress.total = mine.size();
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < mine.size(); ++i) {
    if (summary.scans[i].status == ScanStatus::skipped) ++progress.skipped;
    else order.push_back(i);
  }
  progress.finished = progress.skipped;
  progress.to_plan = order.size();
  // Largest files first, so a big scan does not start last and hold up the end of the batch.
  std::vector<std::uint64_t> size(mine.size(), 0);
  for (std::size_t i : order) {
    std::error_code sec;
    const auto s = fs::file_size(paths[i].input, sec);
    size[i] = sec ? 0 : s;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return size[a] > size[b]; });

  std::mutex report_mutex;
  std::exception_ptr callback_error;
  const auto planning_start = Clock::now();
  auto report = [&](auto&& call) {
    if (callback_error) return;
    try {
      call();
    } catch (...) {
      callback_error = std::current_exception();
    }
  };
  progress.elapsed_s = seconds_since(start);
  if (cb.on_start) report([&] { cb.on_start(progress); });

  // 2. Plan the rest, in parallel.
  if (!stop()) {
    arena.execute([&] {
      tbb::parallel_for(
          tbb::blocked_range<std::size_t>(0, order.size(), 1),
          [&](const tbb::blocked_range<std::size_t>& r) {
            for (std::size_t k = r.begin(); k != r.end(); ++k) {
              const std::size_t i = order[k];
              if (stop()) continue;  // stays not_run
              ScanRecord row = plan_one(o, cb, paths[i]);
              std::lock_guard<std::mutex> lock(report_mutex);
              summary.scans[i] = row;
              if (row.status == ScanStatus::not_run) continue;
              ++progress.finished;
              (row.status == ScanStatus::ok ? progress.ok : progress.failed)++;
              progress.elapsed_s = seconds_since(start);
              progress.planning_s = seconds_since(planning_start);
              if (cb.on_scan_finished) report([&] { cb.on_scan_finished(row, progress); });
            }
          },
          tbb::simple_partitioner());
    });
  }

  summary.stopped = stop();
  for (const UnreadableEntry& u : found.unreadable) {
    if (!std::binary_search(my_unreadable.begin(), my_unreadable.end(), u.file)) continue;
    ScanRecord row;
    row.file = u.file;
    row.status = ScanStatus::unreadable;
    row.error = "skipped: " + u.reason;
    summary.scans.push_back(row);
  }
  std::stable_sort(summary.scans.begin(), summary.scans.end(),
                   [](const ScanRecord& a, const ScanRecord& b) { return a.file < b.file; });
  for (ScanRecord& r : summary.scans) r.patient_id = identity_of(o, r.file).patient_id;
  for (const ScanRecord& r : summary.scans) {
    switch (r.status) {
      case ScanStatus::ok: ++summary.ok; break;
      case ScanStatus::skipped: ++summary.skipped; break;
      case ScanStatus::failed: ++summary.failed; break;
      case ScanStatus::not_run: ++summary.not_run; break;
      case ScanStatus::unreadable: ++summary.unreadable; break;
    }
  }
  summary.summary_path = (fs::path(o.output_dir) / summary_file_name(o.shard)).string();
  const std::string csv = format_summary_csv(summary.scans);
  write_file_atomically(summary.summary_path, [&](std::ostream& s) { s << csv; });
  summary.elapsed_s = seconds_since(start);
  if (callback_error) std::rethrow_exception(callback_error);
  return summary;
}

}  // namespace contour
