#pragma once

#include <memory>

#include "core/methods/prompt_method.h"

namespace promptune {

/// A method built from its name; `setup.options` is validated (and defaults filled) here. Throws Error for
/// unknown names, bad options or a backbone the method cannot use.
std::unique_ptr<PromptMethod> create_method(const std::string& name, MethodSetup setup);

}  // namespace promptune
