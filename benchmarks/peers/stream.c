/* Single-thread STREAM triad: a[i] = b[i] + s * c[i], best of NTIMES.
 * Bytes counted per element: 24 (read b, read c, write a), as STREAM does;
 * the write-allocate read of a is NOT counted. Prints one JSON line. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifndef LOG2N
#define LOG2N 25
#endif
#define N ((size_t)1 << LOG2N)
#define NTIMES 10

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(void)
{
    double *a = aligned_alloc(64, N * sizeof(double));
    double *b = aligned_alloc(64, N * sizeof(double));
    double *c = aligned_alloc(64, N * sizeof(double));
    if (!a || !b || !c) { fprintf(stderr, "allocation failed\n"); return 1; }
    for (size_t i = 0; i < N; i++) { a[i] = 1.0; b[i] = 2.0; c[i] = 0.5; }

    const double s = 3.0;
    double best = 1e30;
    for (int k = 0; k < NTIMES; k++) {
        double t = now();
        for (size_t i = 0; i < N; i++) a[i] = b[i] + s * c[i];
        t = now() - t;
        if (t < best) best = t;
        b[k % N] += 1e-9 * a[(k * 7919) % N]; /* keep iterations dependent */
    }
    double check = 0;
    for (size_t i = 0; i < N; i += 4096) check += a[i];

    double bytes = 24.0 * (double)N;
    printf("{\"peer\":\"stream\",\"kernel\":\"triad\",\"elements\":%zu,\"bytesPerElement\":24,"
           "\"writeAllocateCounted\":false,\"bestSeconds\":%.6e,\"gbs\":%.3f,"
           "\"gbsWithWriteAllocate\":%.3f,\"check\":%.6e}\n",
           N, best, bytes / best * 1e-9, 32.0 * (double)N / best * 1e-9, check);
    free(a); free(b); free(c);
    return 0;
}
