#pragma once

// The one way core/ includes LibTorch. LibTorch 1.13 headers use `slots` as an identifier, which Qt's `slots` macro
// would break; hiding the macro here keeps any translation unit that also sees Qt compiling.
#pragma push_macro("slots")
#undef slots
#include <torch/torch.h>
#pragma pop_macro("slots")
