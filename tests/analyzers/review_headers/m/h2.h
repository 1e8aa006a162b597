#undef work
#define work(i) (b[i] = 2.0 * (i))
