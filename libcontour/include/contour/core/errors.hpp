#pragma once
// The small family of exceptions the library throws. Every message names what was wrong and
// where (file, line or element, value) so that an app can print it as one line.
#include <stdexcept>
#include <string>

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

}  // namespace contour
