// Session files (*.promptune.json) as the GUI and `promptune-cli run` open them, then written back and read again.
// The method catalog comes from PROMPTUNE_FUZZ_METHOD_CATALOG (written by make_fuzz_seeds; see
// method_catalog_json.h).
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/io/atomic_file.h"
#include "core/train/session_config.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/method_catalog_json.h"

namespace promptune {

const std::vector<MethodDescription>& method_catalog() {
  static const std::vector<MethodDescription> catalog = [] {
    const char* file = std::getenv("PROMPTUNE_FUZZ_METHOD_CATALOG");
    if (file == nullptr || *file == '\0') {
      std::fprintf(stderr, "set PROMPTUNE_FUZZ_METHOD_CATALOG to the method_catalog.json of make_fuzz_seeds\n");
      std::exit(2);
    }
    return fuzz::method_catalog_from_json(read_json_file(file));
  }();
  return catalog;
}

}  // namespace promptune

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace promptune;
  (void)method_catalog();
  const auto file =
      fuzz::write_scratch_file("session.promptune.json", std::string_view(reinterpret_cast<const char*>(data), size));
  fuzz::expect_only_user_errors("session file", [&] {
    const SessionConfig config = SessionConfig::load(file);
    (void)SessionConfig::from_json(config.to_json(), fuzz::scratch_folder());
  });
  return 0;
}
