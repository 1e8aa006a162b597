// seq2par-corpus: race-free
// category: sections
// race: none
int events;

void handlers(void)
{
#pragma omp parallel sections
    {
#pragma omp section
        {
#pragma omp critical
            events += 1;
        }
#pragma omp section
        {
#pragma omp critical
            events += 10;
        }
    }
}
