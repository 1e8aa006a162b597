#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define MIN(a, b) ((a) < (b) ? (a) : (b))
/* long tile index against a size_t length: a negative tile ends the loop after one tile */
int main(int argc, char **argv) {
    const char *text = argc > 1 ? argv[1] : "the quick brown fox jumps over the lazy dog";
    long tile = argc > 2 ? atol(argv[2]) : 4;
    size_t len = strlen(text);
    int *h = calloc(len + 1, sizeof(int));
    long i, it;
    /*OMP*/
    for (i = 0; i < len; i += tile) {
        for (it = i; it < MIN(len, i + tile); it++)
            h[it] = text[it] * 7 + 3;
    }
    long s = 0;
    for (it = 0; it < (long)len; it++) s = s * 31 % 1000003 + h[it];
    printf("%ld\n", s);
    return 0;
}
