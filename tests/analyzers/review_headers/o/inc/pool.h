#include <cstddef>
static double pool_buf[1 << 22];
inline double *get(std::size_t n, int) { (void)n; return pool_buf; }
