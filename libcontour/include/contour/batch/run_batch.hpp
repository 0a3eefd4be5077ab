#pragma once
// Planning every scan of a folder: parallel over scans, resumable, shardable, and a bad scan
// never stops the batch. Outputs (all written atomically: temporary file, then rename), for a
// scan at IN_DIR/REL (REL keeps the scan's own extension, so names never collide, and the
// subfolders of IN_DIR are mirrored):
//   OUT_DIR/REL.plan.json     the plan (plan_to_json_text; schema docs/plan-json.md), with the
//                             patient's identity when BatchOptions::patients lists the scan
//   OUT_DIR/REL.target.ply    the target surface, if BatchOptions::write_target
//   OUT_DIR/REL.VIEW.png      renders, if BatchCallbacks::render_images is set
//   OUT_DIR/REL.report.pdf    the consult report (format_pdf_report) with the scan's patient,
//                             if BatchOptions::write_reports (with the renders when there are)
//   OUT_DIR/REL.batch.json    the record: fingerprints of the input and options, the outputs,
//                             the summary numbers. Written last: a result without it is redone.
//   OUT_DIR/summary.csv       one row per scan (summary_csv.hpp); summary.shard-I-of-N.csv
//                             for a shard
// See docs/batch.md.
#include "contour/batch/batch_patients.hpp"
#include "contour/batch/scan_record.hpp"
#include "contour/batch/select_shard.hpp"
#include "contour/plan/run_plan.hpp"
#include "contour/report/pdf_report.hpp"

#include <cstddef>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

namespace contour {

struct BatchOptions {
  std::string input_dir;       ///< folder holding the scans; must exist
  std::string output_dir;      ///< created if missing; must not be input_dir nor contain it
  bool recursive = false;      ///< also plan scans in subfolders of input_dir
  Shard shard;                 ///< this process's part of the sorted scan list
  int jobs = 0;                ///< scans planned at once, >= 0; 0 = one per core
  bool force = false;          ///< recompute even up-to-date results
  bool write_target = false;   ///< also write the target surface (REL.target.ply)
  bool write_reports = false;  ///< also write the PDF consult report (REL.report.pdf)
  PaperSize report_paper = PaperSize::a4;
  /// The reports' date (seconds since the epoch); 0 = the time each report is made.
  std::time_t report_time = 0;
  PlanOptions plan;            ///< used for every scan
  /// Who each scan belongs to (read_batch_patients); empty = nobody named. A scan listed here
  /// gets a `patient` object in its plan JSON and its patient_id in the summary, and a result
  /// planned for another identity is out of date. Every scan it lists must be in the input
  /// folder (else InvalidInput before any work: a typo would leave a chart unnamed).
  BatchPatients patients;
  /// Extra text for the up-to-date key (optional). run_batch builds the key itself from the
  /// resolved `plan` options and the library version (plan_options_key) and appends this; a
  /// result computed under another key is out of date. Stored in each record.
  std::string options_key;
};

/// One rendered image: a view name ([a-z0-9_-]+, e.g. "front") and the PNG file's bytes; the
/// title and caption are what the PDF report shows with it.
struct RenderedImage {
  std::string view;
  std::string png;
  std::string title, caption;
};

/// Renders a plan in memory (the core library does not depend on VTK: the app supplies this).
/// Called from worker threads, several at once when jobs > 1. Throwing fails the scan.
using RenderImagesFn = std::function<std::vector<RenderedImage>(const PlanResult& plan)>;

struct BatchProgress {
  std::size_t total = 0;     ///< scans in this shard
  std::size_t to_plan = 0;   ///< of which not up to date (to be planned in this run)
  std::size_t finished = 0;  ///< scans with a final status so far (ok, skipped, failed)
  std::size_t ok = 0, skipped = 0, failed = 0;
  double elapsed_s = 0.0;    ///< since run_batch started, s
  double planning_s = 0.0;   ///< since planning started (after the up-to-date check), s
};

struct BatchCallbacks {
  /// Optional renderer; empty = no images.
  RenderImagesFn render_images;
  /// Called once the up-to-date check is done and planning starts.
  std::function<void(const BatchProgress&)> on_start;
  /// Called as each scan gets its final status. Calls are serialized (never two at once), from
  /// worker threads.
  std::function<void(const ScanRecord&, const BatchProgress&)> on_scan_finished;
  /// Polled from worker threads (must be thread-safe, e.g. read an atomic flag set by a signal
  /// handler). Once true, no new scan is started, scans in flight are abandoned at their next
  /// stage (nothing of theirs is written) and are listed as not_run, and the summary is written.
  std::function<bool()> stop_requested;
};

struct BatchSummary {
  std::vector<ScanRecord> scans;    ///< this shard's scans, sorted by file
  std::size_t found = 0;            ///< scans in the input folder, all shards
  std::size_t ok = 0, skipped = 0, failed = 0, not_run = 0;
  std::size_t unreadable = 0;       ///< entries named like scans that cannot be read (listed, skipped)
  bool stopped = false;             ///< stop_requested returned true
  std::string summary_path;         ///< the summary CSV written
  double elapsed_s = 0.0;
};

/// Runs the batch. A scan that cannot be read or planned is listed as failed with its error
/// (one line); outputs of a failed scan left by earlier runs are removed, so the output folder
/// holds, per scan, a complete up-to-date result or nothing. A scan is up to date when its
/// record exists with the same options_key, the input has the same size and either the same
/// modification time or the same content hash (a copied folder is not recomputed), and every
/// output requested now exists. The summary is written even when stopped.
/// Entries with a scan's name that cannot be read (dangling links, FIFOs, folders named *.ply)
/// are listed with status unreadable and the reason, and never opened.
/// Throws InvalidInput before any work for a missing input folder, an output folder that is the
/// input folder or contains it, or jobs < 0 / a bad shard; IoError if the output folder cannot
/// be created, another batch holds its lock (OUT_DIR/.summary.csv.lock, or the shard summary's
/// name: one run per summary at a time), or the summary cannot be written.
[[nodiscard]] BatchSummary run_batch(const BatchOptions& options, const BatchCallbacks& callbacks = {});

}  // namespace contour
