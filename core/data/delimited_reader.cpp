#include "core/data/delimited_reader.h"

#include <fstream>
#include <sstream>

#include "core/util/error.h"

namespace promptune {

DelimitedFormat delimited_format_of(const std::filesystem::path& file) {
  return file.extension() == ".csv" ? DelimitedFormat::Csv : DelimitedFormat::Tsv;
}

std::vector<DelimitedRow> read_delimited(const std::filesystem::path& file, DelimitedFormat format) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw file_error(file, std::filesystem::exists(file) ? "cannot be read" : "does not exist");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);

  std::vector<DelimitedRow> rows;
  DelimitedRow row;
  std::string field;
  int line = 1;
  row.line = 1;
  bool quoted = false, field_started = false;
  const char separator = format == DelimitedFormat::Csv ? ',' : '\t';
  const auto end_row = [&] {
    row.fields.push_back(std::move(field));
    field.clear();
    const bool blank = row.fields.size() == 1 && row.fields[0].empty();
    if (!blank) rows.push_back(std::move(row));
    row = DelimitedRow{};
    row.line = line;
    field_started = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && format == DelimitedFormat::Csv && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == separator) {
      row.fields.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      end_row();
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) throw file_error(file, "line " + std::to_string(row.line) + ": a quoted field is never closed");
  if (!field.empty() || !row.fields.empty()) end_row();
  return rows;
}

}  // namespace promptune
