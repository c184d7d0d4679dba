#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace promptune {

/// One parsed row and the line it starts on (1-based), for messages that name the line.
struct DelimitedRow {
  int line = 0;
  std::vector<std::string> fields;
};

enum class DelimitedFormat {
  Csv,  ///< RFC 4180: comma, double-quote quoting, quoted fields may hold commas, quotes ("") and newlines
  Tsv   ///< GLUE style: tab-separated, no quote processing (a " is an ordinary character)
};

/// Reads every row of a CSV or TSV file (blank lines skipped, a UTF-8 BOM ignored, CR LF accepted).
/// Throws Error naming the file when it cannot be read or a quoted CSV field is never closed.
std::vector<DelimitedRow> read_delimited(const std::filesystem::path& file, DelimitedFormat format);

/// CSV for `.csv`, TSV for `.tsv`/`.tab`/`.txt`.
DelimitedFormat delimited_format_of(const std::filesystem::path& file);

}  // namespace promptune
