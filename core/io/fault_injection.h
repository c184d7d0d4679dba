#pragma once

#include <filesystem>

namespace promptune {

/// What the reliability tests make a file write do (docs/RELIABILITY.md). Chosen by the environment variable
/// PROMPTUNE_FAULT, read once:
///   kill-during-write:NAME[:N]  the N-th (default first) atomic write of a file whose name contains NAME stops the
///                               process with SIGKILL after half of the file reached its temporary copy
///   fail-write:NAME[:N]         that write fails the way a full disk fails it (ENOSPC)
///   out-of-memory-at-step:N     training step N (counted from 1) fails the way a full GPU fails it
/// Unset, as it is for users, every write gets None after one comparison.
enum class WriteFault { None, KillHalfway, DiskFull };

/// The fault for this write of `path`; counts the writes that match.
WriteFault write_fault_for(const std::filesystem::path& path);

/// Whether training step `step` (counted from 1) is to run out of memory.
bool out_of_memory_at_step(long long step);

}  // namespace promptune
