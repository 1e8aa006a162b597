// seq2par-corpus: racy
// category: row-overflow
// race: line 13 write acc[i][j] / line 13 read acc[i][j-2]
#define ROWS 50
#define COLS 80
long acc[ROWS][COLS];

void running(void)
{
#pragma omp parallel for
    for (int i = 0; i < ROWS; i++)
        for (int j = 0; j < COLS; j++)
            acc[i][j] += acc[i][j - 2];
}
