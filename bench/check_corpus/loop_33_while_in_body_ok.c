// seq2par-corpus: race-free
// category: loop
// race: none
int collatz_len(const int *start, int *len, int n)
{
    #pragma omp parallel for schedule(dynamic)
    for (int i = 0; i < n; i++) {
        long v = start[i];
        int steps = 0;
        while (v != 1 && steps < 1000) {
            v = (v % 2) ? 3 * v + 1 : v / 2;
            steps++;
        }
        len[i] = steps;
    }
    return 0;
}
