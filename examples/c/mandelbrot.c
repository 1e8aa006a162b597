/* Mandelbrot set on a W x H grid: escape-time image, count of points in the set, total iteration count. */
#include <stdio.h>

#define W 1600
#define H 1200
#define MAXIT 1000

static int escape[H][W];

int main(void)
{
    long inside = 0;
    long total_iters = 0;
    for (int py = 0; py < H; py++) { /* expect: parallel-reduction(+:inside, +:total_iters) */
        double ci = -1.2 + 2.4 * (double)py / (double)(H - 1);
        for (int px = 0; px < W; px++) { /* expect: parallel-reduction(+:inside, +:total_iters) */
            double cr = -2.2 + 3.2 * (double)px / (double)(W - 1);
            double zr = 0.0;
            double zi = 0.0;
            int n = 0;
            while (n < MAXIT && zr * zr + zi * zi <= 4.0) { /* expect: sequential(S2P402) */
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                n++;
            }
            escape[py][px] = n;
            total_iters += n;
            if (n == MAXIT)
                inside++;
        }
    }

    /* A coarse digest of the image: a weighted sum of escape counts along the middle row. */
    long row_digest = 0;
    for (int px = 0; px < W; px++) { /* expect: parallel-reduction(+:row_digest) */
        row_digest += (long)escape[H / 2][px] * (px % 13 + 1);
    }

    printf("grid            = %d x %d, max iterations %d\n", W, H, MAXIT);
    printf("points in set   = %ld\n", inside);
    printf("total iterations= %ld\n", total_iters);
    printf("area estimate   = %.6f\n", 3.2 * 2.4 * (double)inside / ((double)W * (double)H));
    printf("middle row hash = %ld\n", row_digest);
    return 0;
}
