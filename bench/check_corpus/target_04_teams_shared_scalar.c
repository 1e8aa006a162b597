// seq2par-corpus: racy
// category: target
// race: line 10 write total / line 10 read total
int target_count(const int *flags, int n)
{
    int total = 0;
    #pragma omp target teams map(to: flags[0:n]) map(tofrom: total)
    {
        for (int i = 0; i < n; i++)
            if (flags[i]) total++;
    }
    return total;
}
