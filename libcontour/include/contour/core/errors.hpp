#pragma once
// The small family of exceptions the library throws. Every message names what was wrong and
// where (file, line or element, value) so that an app can print it as one line.
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace contour {

/// Input that is not acceptable: bad file contents, not a body, out-of-range settings.
class InvalidInput : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// A file could not be opened, read or written.
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A numerical solver failed to produce an answer that meets its contract.
class SolverError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A broken internal invariant (e.g. a negative fill volume): a bug, never a result.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

/// The machine ran out of something the work needs: memory (std::bad_alloc) or threads
/// (std::system_error from a thread start). The message names the input being worked on.
class ResourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// True for a worker thread that could not be started: std::thread's std::system_error with
/// EAGAIN, or oneTBB's std::runtime_error "pthread_create has failed: ..." (its handle_perror).
/// Any other error (a file-system error, say) is not one.
inline bool is_thread_start_failure(const std::exception& e) noexcept {
  if (const auto* s = dynamic_cast<const std::system_error*>(&e))
    return s->code() == std::errc::resource_unavailable_try_again;
  return std::string_view(e.what()).rfind("pthread_create has failed", 0) == 0;
}

}  // namespace contour
