#include <stdlib.h>
static inline void *my_alloc(size_t n) { return malloc(n); }
