#include <stdlib.h>
static double pool_buf[1 << 22];
static inline void *my_alloc(size_t n) { (void)n; return pool_buf; }
