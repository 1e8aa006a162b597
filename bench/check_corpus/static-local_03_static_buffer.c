// seq2par-corpus: racy
// category: static-local
// race: line 14 write line[0] / line 13 read line[...]
#include <string.h>

void rows_copy(double *dst, const double *src, int rows, int cols)
{
#pragma omp parallel for
    for (int r = 0; r < rows; r++) {
        static double line[1024];
        memcpy(line, src + r * cols, cols * sizeof(double));
        for (int c = 0; c < cols; c++)
            dst[r * cols + c] = line[cols - 1 - c];
        line[0] = 0.0;
    }
}
