// seq2par-corpus: racy
// category: task
// race: line 11 write hits / line 11 read hits
int hits;

void spray(void)
{
#pragma omp parallel
    {
#pragma omp task
        hits++;
    }
}
