// 1-D wave equation on a string (leapfrog finite differences) with three rotating std::vector<double> buffers.
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

constexpr int kPoints = 1000000;
constexpr int kSteps = 1200;
constexpr double kCourant = 0.9;

int main()
{
    std::vector<double> previous(kPoints);
    std::vector<double> current(kPoints);
    std::vector<double> next(kPoints, 0.0);
    const double dx = 1.0 / (kPoints - 1);

    // A Gaussian pulse plus two standing modes, released at rest; the ends are fixed at zero.
    for (int i = 0; i < kPoints; i++) { /* expect: parallel */
        double x = dx * i;
        double pulse = std::exp(-2000.0 * (x - 0.3) * (x - 0.3));
        double modes = 0.2 * std::sin(3.141592653589793 * x) + 0.05 * std::sin(5.0 * 3.141592653589793 * x);
        current[i] = pulse + modes;
        previous[i] = current[i];
    }
    current[0] = current[kPoints - 1] = 0.0;
    previous[0] = previous[kPoints - 1] = 0.0;

    const double c2 = kCourant * kCourant;
    for (int step = 0; step < kSteps; step++) { /* expect: sequential */
        for (int i = 1; i < kPoints - 1; i++) { /* expect: parallel */
            next[i] = 2.0 * current[i] - previous[i]
                      + c2 * (current[i - 1] - 2.0 * current[i] + current[i + 1]);
        }
        std::swap(previous, current);
        std::swap(current, next);
    }

    // Discrete energy: kinetic from the last two levels plus strain energy; all terms are non-negative.
    double energy = 0.0;
    for (int i = 1; i < kPoints - 1; i++) { /* expect: parallel-reduction(+:energy) */
        double velocity = current[i] - previous[i];
        double strain = current[i + 1] - current[i];
        energy += velocity * velocity + c2 * strain * strain;
    }

    std::printf("points, steps   = %d, %d\n", kPoints, kSteps);
    std::printf("discrete energy = %.10e\n", energy);
    std::printf("u at x = 0.5    = %.10e\n", current[kPoints / 2]);
    return 0;
}
