/* Forward-backward exponential smoothing of a noisy signal, repeated: first-order linear recurrences only. */
#include <stdio.h>
#include <stdlib.h>

#define N 2000000
#define PASSES 150
#define DECAY 0.9

int main(void)
{
    double *signal = malloc(sizeof(double) * N);
    double *smooth = malloc(sizeof(double) * N);
    if (signal == NULL || smooth == NULL) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }

    /* Noise from a linear congruential generator: its state is carried from one sample to the next. */
    unsigned seed = 12345u;
    for (int i = 0; i < N; i++) { /* expect: sequential(S2P211) */
        seed = seed * 1103515245u + 12345u;
        signal[i] = (double)((seed >> 8) % 1000u) / 1000.0;
    }

    for (int pass = 0; pass < PASSES; pass++) { /* expect: sequential(S2P201) */
        /* forward: smooth[i] = DECAY * smooth[i-1] + (1 - DECAY) * signal[i] */
        smooth[0] = signal[0];
        for (int i = 1; i < N; i++) { /* expect: sequential(S2P201) */
            smooth[i] = smooth[i - 1] * DECAY + (1.0 - DECAY) * signal[i];
        }
        /* backward: the result becomes the next pass's input */
        signal[N - 1] = smooth[N - 1];
        for (int i = N - 2; i >= 0; i--) { /* expect: sequential(S2P201) */
            signal[i] = signal[i + 1] * DECAY + (1.0 - DECAY) * smooth[i];
        }
    }

    for (int i = 0; i < N; i += N / 8) { /* expect: sequential(S2P303) */
        printf("signal[%7d] = %.10e\n", i, signal[i]);
    }

    free(signal);
    free(smooth);
    return 0;
}
