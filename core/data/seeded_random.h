#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace promptune {

/// A random generator whose every output is fixed by the C++ standard (std::mt19937_64, whose sequence the
/// standard specifies, plus our own bounded draws and shuffles), so a seed picks the same few-shot subset and
/// augmentation on every machine and compiler. std::shuffle and std::uniform_*_distribution are
/// implementation-defined and are not used for this reason.
class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed);
  /// Derives an independent stream, e.g. one per (seed, epoch, sample) so parallel workers stay deterministic.
  static SeededRandom derive(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0);

  std::uint64_t next() { return engine_(); }
  /// Uniform integer in [0, bound), bound > 0, without modulo bias.
  std::uint64_t below(std::uint64_t bound);
  /// Uniform double in [0, 1) with 53 random bits.
  double uniform();
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  /// Fisher-Yates shuffle of `items`.
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace promptune
