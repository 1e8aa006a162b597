/* Table of complete elliptic integrals K(k), E(k) and ellipse perimeters by midpoint quadrature, printed row by row. */
#include <math.h>
#include <stdio.h>

#define ROWS 20
#define NODES 5000000

int main(void)
{
    const double half_pi = 1.57079632679489661923;
    const double step = half_pi / NODES;
    double k_sum = 0.0;

    printf("%6s %18s %18s %18s\n", "k", "K(k)", "E(k)", "perimeter(a=1)");
    /* Each row is printed as soon as it is computed: the row loop is ordered by its output. */
    for (int row = 0; row < ROWS; row++) { /* expect: sequential(S2P303) */
        double k = 0.05 * (double)row;
        double first = 0.0;
        double second = 0.0;
        for (int q = 0; q < NODES; q++) { /* expect: parallel-reduction(+:first, +:second) */
            double s = sin(((double)q + 0.5) * step);
            double root = sqrt(1.0 - k * k * s * s);
            first += 1.0 / root;
            second += root;
        }
        first *= step;
        second *= step;
        /* ellipse with semi-axes 1 and sqrt(1 - k^2): perimeter 4 E(k) */
        printf("%6.2f %18.10e %18.10e %18.10e\n", k, first, second, 4.0 * second);
        k_sum += first;
    }
    printf("sum of K over the table = %.10e\n", k_sum);
    return 0;
}
