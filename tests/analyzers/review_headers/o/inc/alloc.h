#include <cstddef>
#include "pool.h"
inline double *get(std::size_t n) { if (n == 0) return nullptr; return get(n, 1); }
