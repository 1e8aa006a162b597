// seq2par-corpus: racy
// category: alias-assign
// race: line 14 write next[i] / line 14 read cur[i-1]
#define N 10000
static double buf0[N], buf1[N];

void heat(int steps)
{
    double *cur = buf0, *next = buf1;
    int s, i;
    for (s = 0; s < steps; s++) {
        #pragma omp parallel for
        for (i = 1; i < N - 1; i++)
            next[i] = cur[i] + 0.1 * (cur[i - 1] - 2 * cur[i] + cur[i + 1]);
        cur = next;
    }
}
