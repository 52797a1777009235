/* CHOLMOD peer for the sparse direct benchmark (benchmarks/peers/direct/run.sh).
 *
 *   cholmod_bench SPEC [--ordering amd|default] [--reps R]
 *
 * SPEC is poisson2d:N (5-point Laplacian, 4/-1, N x N interior grid, lexicographic) or a Matrix Market file
 * (symmetric SPD). Times cholmod_analyze (ordering + symbolic) and cholmod_factorize separately, then a second
 * cholmod_factorize with the same symbolic analysis (refactorisation), and prints one JSON line with the fill
 * nnz(L) (Common->lnz, exact, without the zeros of relaxed supernodes), CHOLMOD's flop count (Common->fl) and
 * the relative residual of a solve with b = A * ones. --ordering amd fixes AMD as the only ordering (the fill
 * reference); default lets CHOLMOD choose (AMD, then METIS when AMD fill is high). Best of R repetitions; without
 * --reps, R = 1 above 500,000 unknowns, else as many as fit in about 1 s (at least 3, at most 200), the rule
 * our driver (benchmarks/Solvers.Benchmarks/Peers/DirectTiming.cs) uses too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>
#include <suitesparse/cholmod.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static cholmod_sparse *poisson2d(int n, cholmod_common *c)
{
    long size = (long)n * n;
    cholmod_triplet *t = cholmod_allocate_triplet(size, size, 3 * size, 1 /* lower stored */, CHOLMOD_REAL, c);
    int *ti = t->i, *tj = t->j;
    double *tx = t->x;
    long k = 0;
    for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++)
        {
            int row = a * n + b;
            ti[k] = row; tj[k] = row; tx[k] = 4.0; k++;
            if (b < n - 1) { ti[k] = row + 1; tj[k] = row; tx[k] = -1.0; k++; }
            if (a < n - 1) { ti[k] = row + n; tj[k] = row; tx[k] = -1.0; k++; }
        }
    t->nnz = k;
    cholmod_sparse *s = cholmod_triplet_to_sparse(t, k, c);
    cholmod_free_triplet(&t, c);
    return s;
}

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: cholmod_bench SPEC [--ordering amd|default] [--reps R]\n"); return 1; }
    const char *spec = argv[1];
    const char *ordering = "amd";
    int reps = 0;
    for (int i = 2; i + 1 < argc; i += 2)
    {
        if (!strcmp(argv[i], "--ordering")) ordering = argv[i + 1];
        else if (!strcmp(argv[i], "--reps")) reps = atoi(argv[i + 1]);
    }

    cholmod_common common, *c = &common;
    cholmod_start(c);
    if (!strcmp(ordering, "amd"))
    {
        c->nmethods = 1;
        c->method[0].ordering = CHOLMOD_AMD;
        c->postorder = 1;
    }

    cholmod_sparse *a;
    if (!strncmp(spec, "poisson2d:", 10)) a = poisson2d(atoi(spec + 10), c);
    else
    {
        FILE *f = fopen(spec, "r");
        if (!f) { fprintf(stderr, "cannot open %s\n", spec); return 1; }
        a = cholmod_read_sparse(f, c);
        fclose(f);
        if (!a) { fprintf(stderr, "cannot read %s\n", spec); return 1; }
    }
    long n = a->nrow;
    int adaptive = reps <= 0;
    if (reps <= 0) reps = n >= 500000 ? 1 : 3;

    double bestAnalyze = 1e300, bestFactor = 1e300, bestRefactor = 1e300, bestSolve = 1e300;
    double lnz = 0, fl = 0, residual = 0;
    int isSuper = 0, status = 0;
    for (int r = 0; r < reps; r++)
    {
        double t0 = now();
        cholmod_factor *l = cholmod_analyze(a, c);
        double t1 = now();
        cholmod_factorize(a, l, c);
        double t2 = now();
        status = c->status;
        cholmod_factorize(a, l, c);
        double t3 = now();
        if (adaptive && r == 0 && n < 500000)
        {
            double once = t3 - t0;
            reps = once > 0 ? (int)(1.0 / once) : 200;
            if (reps < 3) reps = 3;
            if (reps > 200) reps = 200;
        }
        if (t1 - t0 < bestAnalyze) bestAnalyze = t1 - t0;
        if (t2 - t1 < bestFactor) bestFactor = t2 - t1;
        if (t3 - t2 < bestRefactor) bestRefactor = t3 - t2;
        lnz = c->lnz;
        fl = c->fl;
        isSuper = l->is_super;

        cholmod_dense *ones = cholmod_ones(n, 1, CHOLMOD_REAL, c);
        cholmod_dense *b = cholmod_zeros(n, 1, CHOLMOD_REAL, c);
        double alpha[2] = {1, 0}, beta[2] = {0, 0};
        cholmod_sdmult(a, 0, alpha, beta, ones, b, c);
        double t4 = now();
        cholmod_dense *x = cholmod_solve(CHOLMOD_A, l, b, c);
        double t5 = now();
        if (t5 - t4 < bestSolve) bestSolve = t5 - t4;
        cholmod_dense *res = cholmod_copy_dense(b, c);
        double minusOne[2] = {-1, 0}, one[2] = {1, 0};
        cholmod_sdmult(a, 0, minusOne, one, x, res, c);
        residual = cholmod_norm_dense(res, 2, c) / cholmod_norm_dense(b, 2, c);
        cholmod_free_dense(&res, c);
        cholmod_free_dense(&x, c);
        cholmod_free_dense(&b, c);
        cholmod_free_dense(&ones, c);
        cholmod_free_factor(&l, c);
    }
    long anz = a->stype == 0 ? (long)cholmod_nnz(a, c) : 2 * (long)cholmod_nnz(a, c) - n;
    printf("{\"peer\": \"cholmod\", \"problem\": \"%s\", \"ordering\": \"%s\", \"n\": %ld, \"nnz\": %ld, "
           "\"analyzeSeconds\": %.6g, \"factorSeconds\": %.6g, \"totalSeconds\": %.6g, \"refactorSeconds\": %.6g, "
           "\"solveSeconds\": %.6g, \"factorNnz\": %.0f, \"flops\": %.6g, \"supernodal\": %d, \"status\": %d, "
           "\"relativeResidual\": %.3e, \"reps\": %d, \"version\": \"%d.%d.%d\"}\n",
           spec, ordering, n, anz, bestAnalyze, bestFactor, bestAnalyze + bestFactor, bestRefactor, bestSolve,
           lnz, fl, isSuper, status, residual, reps, CHOLMOD_MAIN_VERSION, CHOLMOD_SUB_VERSION, CHOLMOD_SUBSUB_VERSION);
    cholmod_free_sparse(&a, c);
    cholmod_finish(c);
    return 0;
}
