#include <gtest/gtest.h>

#include "core/methods/mlm_zero_shot.h"
#include "core/methods/pouf.h"
#include "core/methods/pouf_mlm.h"

namespace promptune {
namespace {

// The test vectors of METHODS-language.md §2.3-2.4 and §3.5.
TEST(PoufMlmLosses, TransportAndInformationMatchTheSpecificationVectors) {
  const auto f =
      torch::tensor({1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.6, 0.8, 0.0, 0.0, 0.0, 1.0}, torch::kFloat64).view({4, 3});
  const auto prototypes = torch::tensor({1.0, 0.0, 0.0, 0.0, 1.0, 1.0}, torch::kFloat64).view({2, 3});
  const double transport = mlm_transport_loss(f, prototypes, 10.0).item<double>();
  EXPECT_NEAR(transport, 0.408201, 1e-6);
  // The official code swaps the arguments; the loss is symmetric.
  EXPECT_NEAR(mlm_transport_loss(prototypes, f, 10.0).item<double>(), 0.408201, 1e-6);
  const auto scores = torch::tensor({2.0, 0.5, 0.1, 0.3, 1.0, 1.0, -1.0, 2.0}, torch::kFloat64).view({4, 2});
  const double information = information_maximisation(scores).item<double>();
  EXPECT_NEAR(information, -0.177080, 1e-6);
  EXPECT_NEAR(1.0 * transport + 0.6 * information, 0.301954, 1e-6);
}

TEST(ContextualCalibration, DiagonalModeMatchesTheSpecificationVector) {
  // p = (0.7, 0.3) as logits, p_cf = (0.8, 0.2) -> q proportional to (0.875, 1.5) -> (0.368421, 0.631579).
  const auto scores = torch::log(torch::tensor({{0.7, 0.3}}, torch::kFloat64));
  const auto calibrated = torch::exp(calibrate_scores(scores, torch::tensor({0.8, 0.2}, torch::kFloat64)));
  EXPECT_NEAR(calibrated[0][0].item<double>(), 0.368421, 1e-6);
  EXPECT_NEAR(calibrated[0][1].item<double>(), 0.631579, 1e-6);
}

}  // namespace
}  // namespace promptune
