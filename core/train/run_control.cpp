#include "core/train/runner.h"

#include <sys/resource.h>
#include <unistd.h>

// The thread plumbing of runner.h, kept apart from the LibTorch translation unit that runs sessions.

namespace promptune {
namespace {

// A run in the background yields the cores to the window: on a machine the run fills, the UI thread otherwise
// waits behind it (and behind the threads it starts, which inherit this niceness). Linux sets it per thread.
constexpr int kBackgroundNiceness = 5;

void lower_this_threads_priority() {
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kBackgroundNiceness);
}

}  // namespace

void RunControl::request_pause() {
  pause_ = true;
  changed_.notify_all();
}

void RunControl::request_resume() {
  pause_ = false;
  changed_.notify_all();
}

void RunControl::request_cancel() {
  cancel_ = true;
  changed_.notify_all();
}

void RunControl::wait_while_paused() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return !pause_ || cancel_; });
}

BackgroundRun::BackgroundRun(RunRequest request, RunObserver observer)
    : thread_([this, request = std::move(request), observer = std::move(observer)] {
        lower_this_threads_priority();
        outcome_ = run_session(request, observer, control_);
        finished_ = true;
      }) {}

BackgroundRun::~BackgroundRun() {
  control_.request_cancel();
  if (thread_.joinable()) thread_.join();
}

const RunOutcome& BackgroundRun::wait() {
  if (thread_.joinable()) thread_.join();
  return outcome_;
}

}  // namespace promptune
