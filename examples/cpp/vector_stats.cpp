// Summary statistics (mean, variance, extrema, band count) of a damped-oscillator response sampled into std::vectors.
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <vector>

constexpr std::size_t kSamples = 16000000;
constexpr double kStep = 1.0e-5;

int main()
{
    std::vector<double> sample_time(kSamples);
    std::vector<double> response(kSamples);

    for (std::size_t i = 0; i < kSamples; i++) { /* expect: parallel */
        sample_time[i] = kStep * static_cast<double>(i);
    }

    // Response of three damped modes plus an offset that keeps every sample positive.
    for (std::size_t i = 0; i < kSamples; i++) { /* expect: parallel */
        double t = sample_time[i];
        response[i] = 4.0 + std::exp(-0.01 * t) * std::cos(3.0 * t)
                      + 0.5 * std::exp(-0.02 * t) * std::sin(7.0 * t)
                      + 0.25 * std::cos(11.0 * t + 0.3);
    }

    double total = 0.0;
    double lowest = response[0];
    double highest = response[0];
    long in_band = 0;
    for (std::size_t i = 0; i < kSamples; i++) { /* expect: parallel-reduction(+:total, min:lowest, max:highest, +:in_band) */
        total += response[i];
        lowest = std::fmin(lowest, response[i]);
        highest = std::fmax(highest, response[i]);
        if (response[i] > 3.5 && response[i] < 4.5)
            in_band++;
    }
    double mean = total / static_cast<double>(kSamples);

    double squares = 0.0;
    for (std::size_t i = 0; i < kSamples; i++) { /* expect: parallel-reduction(+:squares) */
        double centred = response[i] - mean;
        squares += centred * centred;
    }

    std::printf("samples  = %zu\n", kSamples);
    std::printf("mean     = %.10e\n", mean);
    std::printf("variance = %.10e\n", squares / static_cast<double>(kSamples - 1));
    std::printf("min, max = %.10e %.10e\n", lowest, highest);
    std::printf("in band  = %ld\n", in_band);
    return 0;
}
