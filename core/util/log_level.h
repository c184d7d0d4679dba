#pragma once

namespace promptune {

/// Severity of a log line, ordered so that a filter can show "this level and above". Shared by the engine's run
/// events and the application log, so a line keeps its level on the way to the screen.
enum class LogLevel { Debug = 0, Info = 1, Warning = 2, Error = 3 };

}  // namespace promptune
