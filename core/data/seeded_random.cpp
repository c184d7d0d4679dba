#include "core/data/seeded_random.h"

namespace promptune {
namespace {

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

SeededRandom::SeededRandom(std::uint64_t seed) : engine_(seed) {}

SeededRandom SeededRandom::derive(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  return SeededRandom(splitmix(splitmix(splitmix(seed) ^ a) ^ b));
}

std::uint64_t SeededRandom::below(std::uint64_t bound) {
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % bound);  // reject the biased tail
  std::uint64_t x;
  do {
    x = next();
  } while (x >= limit);
  return x % bound;
}

double SeededRandom::uniform() {
  return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0);
}

}  // namespace promptune
