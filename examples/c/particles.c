/* Particles in a softened central force field: an array of structs advanced in time steps.
   Each step moves every particle from its own state only (4 sub-steps of a symplectic Euler update), so
   the particle loop is parallel while the step loop is not; the energy sums at the end read every
   particle, and three single particles are printed. */
#include <math.h>
#include <stdio.h>

#define N 40000
#define STEPS 500
#define SUBSTEPS 4

struct particle {
    double x, y, z;
    double vx, vy, vz;
};

static struct particle p[N];

int main(void)
{
    for (int i = 0; i < N; i++) { /* expect: parallel */
        double a = 0.001 * i;
        p[i].x = cos(a) * (1.0 + 0.1 * (i % 7));
        p[i].y = sin(a) * (1.0 + 0.1 * (i % 5));
        p[i].z = 0.01 * (i % 11) - 0.05;
        p[i].vx = -0.3 * p[i].y;
        p[i].vy = 0.3 * p[i].x;
        p[i].vz = 0.0;
    }
    const double dt = 0.00025;
    for (int step = 0; step < STEPS; step++) { /* expect: sequential(S2P201) */
        for (int i = 0; i < N; i++) { /* expect: parallel */
            for (int sub = 0; sub < SUBSTEPS; sub++) { /* expect: sequential(S2P201) */
                double r2 = p[i].x * p[i].x + p[i].y * p[i].y + p[i].z * p[i].z + 0.01;
                double inv = 1.0 / (r2 * sqrt(r2));
                p[i].vx -= dt * p[i].x * inv;
                p[i].vy -= dt * p[i].y * inv;
                p[i].vz -= dt * p[i].z * inv;
                p[i].x += dt * p[i].vx;
                p[i].y += dt * p[i].vy;
                p[i].z += dt * p[i].vz;
            }
        }
    }
    double kinetic = 0.0, spread = 0.0;
    for (int i = 0; i < N; i++) { /* expect: parallel-reduction(+:kinetic, +:spread) */
        kinetic += 0.5 * (p[i].vx * p[i].vx + p[i].vy * p[i].vy + p[i].vz * p[i].vz);
        spread += p[i].x * p[i].x + p[i].y * p[i].y + p[i].z * p[i].z;
    }
    printf("kinetic %.12e spread %.12e\n", kinetic, spread);
    printf("p[0]    %.12e %.12e %.12e\n", p[0].x, p[0].y, p[0].z);
    printf("p[N/2]  %.12e %.12e %.12e\n", p[N / 2].vx, p[N / 2].vy, p[N / 2].vz);
    printf("p[N-1]  %.12e %.12e %.12e\n", p[N - 1].x, p[N - 1].y, p[N - 1].z);
    return 0;
}
