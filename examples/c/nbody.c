/* Gravitational n-body system: O(n^2) softened forces, leapfrog (kick-drift) steps, final energies. */
#include <math.h>
#include <stdio.h>

#define NBODY 4000
#define STEPS 16
#define DT 0.001
#define SOFTENING 0.01

static double pos[NBODY][3];
static double vel[NBODY][3];
static double acc[NBODY][3];
static double mass[NBODY];

/* Bodies on a jittered spherical shell, rotating slowly about the z axis. */
static void init_bodies(void)
{
    for (int i = 0; i < NBODY; i++) { /* expect: parallel */
        double theta = 3.14159265358979 * (double)((i * 37) % NBODY) / NBODY;
        double phi = 6.28318530717959 * (double)((i * 101) % NBODY) / NBODY;
        double r = 1.0 + 0.1 * (double)(i % 17) / 17.0;
        pos[i][0] = r * sin(theta) * cos(phi);
        pos[i][1] = r * sin(theta) * sin(phi);
        pos[i][2] = r * cos(theta);
        vel[i][0] = -0.3 * pos[i][1];
        vel[i][1] = 0.3 * pos[i][0];
        vel[i][2] = 0.0;
        mass[i] = (1.0 + (double)(i % 5)) / (3.0 * NBODY);
    }
}

static void compute_accelerations(void)
{
    for (int i = 0; i < NBODY; i++) { /* expect: parallel */
        double ax = 0.0, ay = 0.0, az = 0.0;
        for (int j = 0; j < NBODY; j++) { /* expect: parallel-reduction(+:ax, +:ay, +:az) */
            double dx = pos[j][0] - pos[i][0];
            double dy = pos[j][1] - pos[i][1];
            double dz = pos[j][2] - pos[i][2];
            double r2 = dx * dx + dy * dy + dz * dz + SOFTENING * SOFTENING;
            double inv_r3 = 1.0 / (r2 * sqrt(r2));
            ax += mass[j] * dx * inv_r3;
            ay += mass[j] * dy * inv_r3;
            az += mass[j] * dz * inv_r3;
        }
        acc[i][0] = ax;
        acc[i][1] = ay;
        acc[i][2] = az;
    }
}

int main(void)
{
    init_bodies();

    for (int step = 0; step < STEPS; step++) { /* expect: sequential(S2P201) */
        compute_accelerations();
        for (int i = 0; i < NBODY; i++) { /* expect: parallel */
            for (int d = 0; d < 3; d++) { /* expect: parallel */
                vel[i][d] += DT * acc[i][d];
                pos[i][d] += DT * vel[i][d];
            }
        }
    }

    double kinetic = 0.0;
    for (int i = 0; i < NBODY; i++) { /* expect: parallel-reduction(+:kinetic) */
        kinetic += 0.5 * mass[i]
                   * (vel[i][0] * vel[i][0] + vel[i][1] * vel[i][1] + vel[i][2] * vel[i][2]);
    }

    /* Potential energy: every term is negative, so the sum is well conditioned. */
    double potential = 0.0;
    for (int i = 0; i < NBODY; i++) { /* expect: parallel-reduction(+:potential) */
        for (int j = i + 1; j < NBODY; j++) { /* expect: parallel-reduction(+:potential) */
            double dx = pos[j][0] - pos[i][0];
            double dy = pos[j][1] - pos[i][1];
            double dz = pos[j][2] - pos[i][2];
            potential -= mass[i] * mass[j] / sqrt(dx * dx + dy * dy + dz * dz + SOFTENING * SOFTENING);
        }
    }

    double spread = 0.0;
    for (int i = 0; i < NBODY; i++) { /* expect: parallel-reduction(+:spread) */
        spread += pos[i][0] * pos[i][0] + pos[i][1] * pos[i][1] + pos[i][2] * pos[i][2];
    }

    printf("bodies            = %d, steps %d\n", NBODY, STEPS);
    printf("kinetic energy    = %.10e\n", kinetic);
    printf("potential energy  = %.10e\n", potential);
    printf("mean squared radius = %.10e\n", spread / NBODY);
    printf("body 0 position   = %.10e %.10e %.10e\n", pos[0][0], pos[0][1], pos[0][2]);
    return 0;
}
