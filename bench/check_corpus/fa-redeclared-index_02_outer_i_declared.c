// seq2par-corpus: race-free
// category: fa-redeclared-index
// race: none
#define N 300
double m[N][N], v[N], r[N];

void matvec(void)
{
    int i;
    int k;
    for (i = 0; i < N; i++)
        v[i] = 1.0 / (i + 1);
#pragma omp parallel for
    for (k = 0; k < N; k++) {
        double s = 0.0;
        for (int i = 0; i < N; i++)
            s += m[k][i] * v[i];
        r[k] = s;
    }
}
