#pragma once
// Where a command's outputs go, checked before any work, and writing them all or none.
//
// Every output path is resolved first (resolve_outputs): a symlink is followed to the file it
// names (which is then replaced, the link kept); an existing character device or FIFO
// (/dev/null, /dev/stdout, a named pipe with a reader) is written directly, never renamed over;
// a socket, block device or folder is refused; "-" is standard output where the option allows
// it. A regular file is written to a temporary file next to it, named
// ".<name>.contour-tmp-<pid>-<random>", and renamed into place only when every output of the
// run has been written (OutputTransaction). Temporaries left by a killed run (their process is
// gone) are removed when a later run resolves an output in the same folder.
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace contour {

/// One output a command means to write.
struct OutputRequest {
  std::string option;           ///< the option naming it, for messages ("--json")
  std::string path;             ///< as given; "-" = standard output (only if stdout_allowed)
  bool stdout_allowed = false;  ///< "-" accepted
};

enum class OutputKind {
  standard_output,  ///< "-": written to std::cout when the transaction commits
  regular_file,     ///< a new or existing regular file: temporary file + rename
  special_file      ///< an existing character device or FIFO: opened and written directly
};

struct ResolvedOutput {
  std::string option;  ///< as requested
  std::string path;    ///< as given
  OutputKind kind = OutputKind::regular_file;
  std::string file;    ///< regular_file: the file replaced, symlinks followed; else as given
};

/// Resolves one output path (see the top of this file). Throws InvalidInput naming the option and
/// the path when it cannot be written: folder missing or not writable, a folder, socket or block
/// device at the path, a symlink loop, "-" where not allowed, an empty path.
[[nodiscard]] ResolvedOutput resolve_output(const OutputRequest& request);

/// Resolves every output of a run and checks them together: none is one of `inputs` (the scan,
/// side files: the same file, also through links), no two outputs name the same file (devices
/// such as /dev/null may repeat; standard output may not). Removes stale temporaries of killed
/// runs in the output folders. Throws InvalidInput (a usage error for the apps).
[[nodiscard]] std::vector<ResolvedOutput> resolve_outputs(const std::vector<OutputRequest>& outputs,
                                                          const std::vector<std::string>& inputs = {});

/// Removes "*.contour-tmp-<pid>-*" regular files in `folder` whose process no longer runs.
/// Returns how many were removed. Never throws.
std::size_t remove_stale_temporaries(const std::string& folder) noexcept;

/// All the outputs of a run, written all or none. stage() writes one output's bytes (a regular
/// file into its temporary file; standard output and devices into memory); commit() writes the
/// devices and standard output, then renames every temporary file into place. If anything fails,
/// or the transaction is destroyed without commit(), every temporary is removed and every file
/// this transaction already renamed into place is removed again; the error is an IoError naming
/// the path.
class OutputTransaction {
 public:
  explicit OutputTransaction(std::vector<ResolvedOutput> outputs);
  ~OutputTransaction();
  OutputTransaction(const OutputTransaction&) = delete;
  OutputTransaction& operator=(const OutputTransaction&) = delete;

  [[nodiscard]] const std::vector<ResolvedOutput>& outputs() const { return outputs_; }
  /// Writes output `index` (position in the constructor's list) through `write`.
  void stage(std::size_t index, const std::function<void(std::ostream&)>& write, bool binary = false);
  /// Puts every staged output in place. Outputs never staged are left alone.
  void commit();

 private:
  void roll_back() noexcept;

  std::vector<ResolvedOutput> outputs_;
  std::vector<std::string> temporaries_;  ///< per output: its temporary file ("" if none)
  std::vector<std::string> buffers_;      ///< per output: bytes for stdout / devices
  std::vector<bool> staged_;
  std::vector<std::string> placed_;       ///< files renamed into place by commit()
  bool committed_ = false;
};

}  // namespace contour
