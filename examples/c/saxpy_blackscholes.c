/* Black-Scholes prices of a book of European options, then a saxpy that blends calls and puts, with checksums. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define NOPT 8000000
#define RISKFREE 0.02
#define VOLATILITY 0.30
#define BLEND 0.75

/* Cumulative normal distribution, Abramowitz-Stegun polynomial approximation (as in the classic benchmark). */
static double normal_cdf(double d)
{
    const double a1 = 0.31938153, a2 = -0.356563782, a3 = 1.781477937;
    const double a4 = -1.821255978, a5 = 1.330274429, rsqrt2pi = 0.39894228040143267794;
    double k = 1.0 / (1.0 + 0.2316419 * fabs(d));
    double cnd = rsqrt2pi * exp(-0.5 * d * d) * (k * (a1 + k * (a2 + k * (a3 + k * (a4 + k * a5)))));
    if (d > 0.0)
        cnd = 1.0 - cnd;
    return cnd;
}

int main(void)
{
    double *spot = malloc(sizeof(double) * NOPT);
    double *strike = malloc(sizeof(double) * NOPT);
    double *years = malloc(sizeof(double) * NOPT);
    double *call = malloc(sizeof(double) * NOPT);
    double *put = malloc(sizeof(double) * NOPT);
    if (!spot || !strike || !years || !call || !put) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }

    for (int i = 0; i < NOPT; i++) { /* expect: parallel */
        spot[i] = 80.0 + (double)(i % 41);
        strike[i] = 70.0 + (double)((i * 7) % 61);
        years[i] = 0.25 + 0.25 * (double)(i % 8);
    }

    for (int i = 0; i < NOPT; i++) { /* expect: parallel */
        double sqrt_t = sqrt(years[i]);
        double d1 = (log(spot[i] / strike[i]) + (RISKFREE + 0.5 * VOLATILITY * VOLATILITY) * years[i])
                    / (VOLATILITY * sqrt_t);
        double d2 = d1 - VOLATILITY * sqrt_t;
        double discount = exp(-RISKFREE * years[i]);
        call[i] = spot[i] * normal_cdf(d1) - strike[i] * discount * normal_cdf(d2);
        put[i] = strike[i] * discount * normal_cdf(-d2) - spot[i] * normal_cdf(-d1);
    }

    /* saxpy: put <- BLEND * call + put (a straddle-like position value per option) */
    for (int i = 0; i < NOPT; i++) { /* expect: parallel */
        put[i] = BLEND * call[i] + put[i];
    }

    double call_sum = 0.0;
    double blend_sum = 0.0;
    double call_max = 0.0;
    for (int i = 0; i < NOPT; i++) { /* expect: parallel-reduction(+:call_sum, +:blend_sum, max:call_max) */
        call_sum += call[i];
        blend_sum += put[i];
        call_max = fmax(call_max, call[i]);
    }

    printf("options        = %d\n", NOPT);
    printf("sum of calls   = %.10e\n", call_sum);
    printf("sum of blended = %.10e\n", blend_sum);
    printf("max call       = %.10e\n", call_max);
    printf("call[12345]    = %.10e\n", call[12345]);

    free(spot);
    free(strike);
    free(years);
    free(call);
    free(put);
    return 0;
}
