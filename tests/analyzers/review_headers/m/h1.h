#define work(i) (a[(i) + 1] = a[i] * 0.5 + 1.0)
