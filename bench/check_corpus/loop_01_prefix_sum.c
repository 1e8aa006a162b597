// seq2par-corpus: racy
// category: loop
// race: line 9 write a[i] / line 9 read a[i-1]
void prefix_sum(int *a, int n)
{
    int i;
#pragma omp parallel for
    for (i = 1; i < n; i++)
        a[i] = a[i] + a[i - 1];
}
