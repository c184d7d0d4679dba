#include "core/methods/linear_probe.h"

#include <cmath>
#include <sstream>

#include "core/util/error.h"

namespace promptune {

const MethodDescription& LinearProbeMethod::method_description() {
  static const MethodDescription description{
      "linear_probe",
      "Linear probe",
      "Logistic regression on frozen image features; the strong few-shot baseline of the CLIP and CoOp papers.",
      false,
      {{"c",
        OptionType::Number,
        0.316,
        "inverse L2 strength C (scikit-learn); used as is without validation data",
        1e-8,
        1e8,
        {}},
       {"search_c", OptionType::Boolean, true, "search C on the validation data (CoOp's lpclip protocol)", 0, 0, {}},
       {"max_iterations", OptionType::Integer, 1000, "L-BFGS iterations per fit", 10, 100000, {}}},
      {{"epochs", 1}, {"warmup_epochs", 0}}};
  return description;
}

LinearProbeMethod::LinearProbeMethod(const MethodSetup& setup)
    : classes_(static_cast<std::int64_t>(setup.class_names.size())),
      embed_(setup.backbone->model->config().embed_dim),
      max_iterations_(setup.options.at("max_iterations").get<int>()),
      search_(setup.options.at("search_c").get<bool>()),
      c_(setup.options.at("c").get<double>()),
      device_(setup.device) {
  mean_ = torch::zeros({embed_}, torch::TensorOptions(device_));
  scale_ = torch::ones({embed_}, torch::TensorOptions(device_));
  weight_ = torch::zeros({classes_, embed_}, torch::TensorOptions(device_));
  bias_ = torch::zeros({classes_}, torch::TensorOptions(device_));
}

std::pair<torch::Tensor, torch::Tensor> LinearProbeMethod::solve(const torch::Tensor& x, const torch::Tensor& y,
                                                                 double c) const {
  auto weight = torch::zeros({classes_, x.size(1)}, x.options()).set_requires_grad(true);
  auto bias = torch::zeros({classes_}, x.options()).set_requires_grad(true);
  // Dividing scikit-learn's objective by C * N keeps its minimiser and gives L-BFGS well-scaled gradients.
  const double penalty = 1.0 / (2.0 * c * static_cast<double>(x.size(0)));
  torch::optim::LBFGS optimizer({weight, bias}, torch::optim::LBFGSOptions(1.0)
                                                    .max_iter(max_iterations_)
                                                    .tolerance_grad(1e-9)
                                                    .tolerance_change(1e-12)
                                                    .history_size(20)
                                                    .line_search_fn("strong_wolfe"));
  auto closure = [&] {
    optimizer.zero_grad();
    auto objective =
        torch::nn::functional::cross_entropy(torch::addmm(bias, x, weight.t()), y) + penalty * weight.pow(2).sum();
    objective.backward();
    return objective;
  };
  optimizer.step(closure);
  return {weight.detach(), bias.detach()};
}

double LinearProbeMethod::accuracy(const torch::Tensor& weight, const torch::Tensor& bias,
                                   const FeatureSet& data) const {
  const auto x = (data.features.to(device_, torch::kFloat32) - mean_) / scale_;
  const auto predicted = torch::addmm(bias, x, weight.t()).argmax(1);
  return predicted.eq(data.labels.to(device_)).to(torch::kFloat64).mean().item<double>();
}

void LinearProbeMethod::fit(const FeatureSet& train, const FeatureSet& validation, const FitProgress& progress,
                            const LogCallback& log) {
  if (train.empty()) throw Error("linear probe: no training features to fit");
  torch::NoGradGuard outer_no_grad;
  const auto raw = train.features.to(device_, torch::kFloat32);
  mean_ = raw.mean(0);
  scale_ = raw.std(0, false).clamp_min(1e-6);
  const auto x = (raw - mean_) / scale_;
  const auto y = train.labels.to(device_);

  const bool search = search_ && !validation.empty();
  if (search_ && validation.empty() && log)
    log("linear probe: no validation data, so C is not searched; using C = " + std::to_string(c_));
  const std::vector<double> grid{1e6, 1e4, 1e2, 1.0, 1e-2, 1e-4, 1e-6};
  const int bisection_steps = 8;
  const long long total = search ? static_cast<long long>(grid.size()) + 2 * bisection_steps + 1 : 1;
  long long done = 0;
  auto fit_and_score = [&](double c) {
    torch::AutoGradMode enable(true);
    auto solution = solve(x, y, c);
    ++done;
    if (progress) progress(done, total);
    return std::make_pair(solution, accuracy(solution.first, solution.second, validation));
  };

  double chosen = c_;
  if (search) {
    double best_score = -1.0;
    for (double c : grid) {
      const double score = fit_and_score(c).second;
      if (score > best_score) best_score = score, chosen = c;
    }
    // lpclip: compare the two ends of [c*/10, 10 c*], keep the better, halve the bracket in log10.
    double low = std::log10(chosen) - 1.0, high = std::log10(chosen) + 1.0;
    for (int step = 0; step < bisection_steps; ++step) {
      const double low_score = fit_and_score(std::pow(10.0, low)).second;
      const double high_score = fit_and_score(std::pow(10.0, high)).second;
      const double middle = (low + high) / 2.0;
      if (low_score > high_score) {
        chosen = std::pow(10.0, low);
        high = middle;
      } else {
        chosen = std::pow(10.0, high);
        low = middle;
      }
    }
    if (log) {
      std::ostringstream message;
      message << "linear probe: C = " << chosen << " chosen on " << validation.features.size(0) << " validation images";
      log(message.str());
    }
  }
  c_ = chosen;
  torch::AutoGradMode enable(true);
  std::tie(weight_, bias_) = solve(x, y, c_);
  if (progress) progress(total, total);
}

torch::Tensor LinearProbeMethod::logits(const MethodBatch& batch) {
  const auto x = (batch.features.to(torch::kFloat32) - mean_) / scale_;
  return torch::addmm(bias_, x, weight_.t());
}

torch::Tensor LinearProbeMethod::class_prototypes() {
  return normalize_rows(weight_ / scale_);
}

TensorMap LinearProbeMethod::state() const {
  return {{"weight", weight_.to(torch::kCPU).clone()},
          {"bias", bias_.to(torch::kCPU).clone()},
          {"feature_mean", mean_.to(torch::kCPU).clone()},
          {"feature_scale", scale_.to(torch::kCPU).clone()}};
}

void LinearProbeMethod::load_state(const TensorMap& state) {
  weight_ = state_tensor(state, "weight", {classes_, embed_}, "linear_probe").to(device_);
  bias_ = state_tensor(state, "bias", {classes_}, "linear_probe").to(device_);
  mean_ = state_tensor(state, "feature_mean", {embed_}, "linear_probe").to(device_);
  scale_ = state_tensor(state, "feature_scale", {embed_}, "linear_probe").to(device_);
}

nlohmann::json LinearProbeMethod::export_metadata() const {
  return {{"c", c_}, {"features", "projected image features, unnormalised, standardised"}};
}

}  // namespace promptune
