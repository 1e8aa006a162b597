// Total and longest arc length of many parametric spiral segments, summed with a range-for over std::vector.
#include <cmath>
#include <cstdio>
#include <vector>

struct Spiral {
    double radius;
    double pitch;
    double turns;
};

constexpr int kSpirals = 25000;
constexpr int kPieces = 2000;

int main()
{
    std::vector<Spiral> spirals(kSpirals);
    for (int s = 0; s < kSpirals; s++) { /* expect: parallel */
        spirals[s].radius = 0.5 + 0.01 * static_cast<double>(s % 97);
        spirals[s].pitch = 0.1 + 0.002 * static_cast<double>((s * 31) % 53);
        spirals[s].turns = 1.0 + static_cast<double>(s % 5);
    }

    double total_length = 0.0;
    double longest = 0.0;
    for (const Spiral& sp : spirals) { /* expect: parallel-reduction(+:total_length, max:longest) */
        // Polyline approximation of r(t) = (R (1 + 0.2 t) cos t, R (1 + 0.2 t) sin t, pitch t).
        const double t_end = 6.283185307179586 * sp.turns;
        const double dt = t_end / kPieces;
        double length = 0.0;
        for (int k = 0; k < kPieces; k++) { /* expect: parallel-reduction(+:length) */
            double t0 = dt * k;
            double t1 = dt * (k + 1);
            double r0 = sp.radius * (1.0 + 0.2 * t0);
            double r1 = sp.radius * (1.0 + 0.2 * t1);
            double dx = r1 * std::cos(t1) - r0 * std::cos(t0);
            double dy = r1 * std::sin(t1) - r0 * std::sin(t0);
            double dz = sp.pitch * dt;
            length += std::sqrt(dx * dx + dy * dy + dz * dz);
        }
        total_length += length;
        if (length > longest)
            longest = length;
    }

    std::printf("spirals        = %d\n", kSpirals);
    std::printf("total length   = %.10e\n", total_length);
    std::printf("longest spiral = %.10e\n", longest);
    return 0;
}
