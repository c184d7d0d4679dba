#pragma once

namespace promptune {

/// Makes OpenMP's idle threads sleep instead of spinning, by restarting the program once with
/// OMP_WAIT_POLICY=PASSIVE when the variable is unset. LibTorch runs element-wise work on OpenMP threads and its
/// matrix products on OpenBLAS's own threads; with OpenMP's default spin-wait the two pools fight for the same
/// cores, and on 2 cores two threads ran the ViT-B/32 image encoder at 10 images/s against 16 with passive
/// waiting (docs/PERFORMANCE.md). libgomp reads the variable when it is loaded, before main(), so setting it here
/// needs the restart. A value the user set is kept; PROMPTUNE_NO_RESTART=1 turns the restart off (profilers,
/// debuggers). Returns when nothing is to be done or the restart failed (the program then runs as it is).
void restart_with_passive_openmp_waiting(char** argv);

}  // namespace promptune
