/* IPOPT (Debian coinor-libipopt, C interface) on the ECLR problem with native callbacks, timed at microsecond
 * resolution. The ctypes driver (ipopt_ctypes.py) can only read IPOPT's own "Total CPU secs" lines, which have a 1 ms
 * resolution, a quarter of a few-millisecond solve, and its Python callbacks cost far more than IPOPT itself.
 *
 *   ipopt_eclr DATA.svm CONSTRAINTS.csv [REPEATS]
 *
 * Problem (as problems.py eclr): min (1/N) sum_s log(1 + exp(-y_s x_s^T w)) s.t. A w = b, ||w||^2 = 1, from w = 1;
 * LIBSVM labels 0/1 become -1/+1; CONSTRAINTS.csv holds the rows [A | b]. IPOPT: tol 1e-8, exact Hessian, defaults
 * otherwise. Prints one JSON object: iterations, status, f, and per solve the process CPU of IpoptSolve ("total"),
 * the CPU inside our callbacks ("callbacks") and their difference ("ipopt"), each as the fastest and the median of
 * REPEATS (default 5) solves, and IPOPT's own report for the last solve ("Total CPU secs in IPOPT (w/o function
 * evaluations)", 1 ms resolution). Build: gcc -O2 ipopt_eclr.c $(pkg-config --cflags --libs ipopt) -o ipopt_eclr */
#include <IpStdCInterface.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int n_samples, d, k;
    double *x;   /* n_samples x d, row-major */
    double *y;   /* labels +-1 */
    double *a;   /* k x d, row-major */
    double *b;   /* k */
    double *z;   /* scratch: margins */
    double callbacks; /* CPU seconds spent in the callbacks of the current solve */
    int iterations;
} Eclr;

static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static void fail(const char *what, const char *path, int line) {
    fprintf(stderr, "ipopt_eclr: %s (%s line %d)\n", what, path, line);
    exit(1);
}

static void read_libsvm(const char *path, Eclr *p) {
    FILE *f = fopen(path, "r");
    if (!f) fail("cannot open", path, 0);
    int cap = 1024, rows = 0, d = 0, ecap = 16384, entries = 0;
    double *labels = malloc(cap * sizeof(double));
    int *er = malloc(ecap * sizeof(int)), *ec = malloc(ecap * sizeof(int));
    double *ev = malloc(ecap * sizeof(double));
    char line[1 << 16];
    int lineNo = 0;
    while (fgets(line, sizeof line, f)) {
        lineNo++;
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char *tok = strtok(line, " \t\r\n");
        if (!tok) continue;
        if (rows == cap) { cap *= 2; labels = realloc(labels, cap * sizeof(double)); }
        labels[rows] = atof(tok);
        while ((tok = strtok(NULL, " \t\r\n"))) {
            char *colon = strchr(tok, ':');
            if (!colon) fail("feature without ':'", path, lineNo);
            *colon = 0;
            int j = atoi(tok) - 1;
            if (j < 0) fail("feature index below 1", path, lineNo);
            if (entries == ecap) {
                ecap *= 2;
                er = realloc(er, ecap * sizeof(int)); ec = realloc(ec, ecap * sizeof(int)); ev = realloc(ev, ecap * sizeof(double));
            }
            er[entries] = rows; ec[entries] = j; ev[entries] = atof(colon + 1); entries++;
            if (j + 1 > d) d = j + 1;
        }
        rows++;
    }
    fclose(f);
    p->n_samples = rows; p->d = d;
    p->x = calloc((size_t)rows * d, sizeof(double));
    for (int e = 0; e < entries; e++) p->x[(size_t)er[e] * d + ec[e]] += ev[e];
    int zeroOne = 1;
    for (int s = 0; s < rows; s++) if (labels[s] != 0 && labels[s] != 1) zeroOne = 0;
    p->y = malloc(rows * sizeof(double));
    for (int s = 0; s < rows; s++) p->y[s] = zeroOne ? (labels[s] == 0 ? -1.0 : 1.0) : labels[s];
    free(labels); free(er); free(ec); free(ev);
}

static void read_constraints(const char *path, Eclr *p) {
    FILE *f = fopen(path, "r");
    if (!f) fail("cannot open", path, 0);
    int cap = 16, k = 0;
    p->a = malloc(cap * p->d * sizeof(double));
    p->b = malloc(cap * sizeof(double));
    char line[1 << 16];
    while (fgets(line, sizeof line, f)) {
        char *tok = strtok(line, ",\r\n");
        if (!tok) continue;
        if (k == cap) { cap *= 2; p->a = realloc(p->a, cap * p->d * sizeof(double)); p->b = realloc(p->b, cap * sizeof(double)); }
        for (int j = 0; j <= p->d; j++) {
            if (!tok) fail("row shorter than d + 1 columns", path, k + 1);
            double v = atof(tok);
            if (j < p->d) p->a[k * p->d + j] = v; else p->b[k] = v;
            tok = strtok(NULL, ",\r\n");
        }
        k++;
    }
    fclose(f);
    p->k = k;
}

static void margins(const Eclr *p, const double *w) {
    for (int s = 0; s < p->n_samples; s++) {
        const double *row = p->x + (size_t)s * p->d;
        double t = 0;
        for (int j = 0; j < p->d; j++) t += row[j] * w[j];
        p->z[s] = p->y[s] * t;
    }
}

static Bool eval_f(Index n, Number *w, Bool new_x, Number *obj, UserDataPtr u) {
    Eclr *p = u; double t0 = cpu_now();
    margins(p, w);
    double sum = 0;
    for (int s = 0; s < p->n_samples; s++) { double z = p->z[s]; sum += (z > 0 ? 0 : -z) + log1p(exp(-fabs(z))); }
    *obj = sum / p->n_samples;
    p->callbacks += cpu_now() - t0;
    return 1;
}

static Bool eval_grad_f(Index n, Number *w, Bool new_x, Number *grad, UserDataPtr u) {
    Eclr *p = u; double t0 = cpu_now();
    margins(p, w);
    memset(grad, 0, n * sizeof(double));
    for (int s = 0; s < p->n_samples; s++) {
        double coef = -p->y[s] * 0.5 * (1 - tanh(p->z[s] / 2)) / p->n_samples;   /* -y sigma(-z) / N */
        const double *row = p->x + (size_t)s * p->d;
        for (int j = 0; j < n; j++) grad[j] += coef * row[j];
    }
    p->callbacks += cpu_now() - t0;
    return 1;
}

static Bool eval_g(Index n, Number *w, Bool new_x, Index m, Number *g, UserDataPtr u) {
    Eclr *p = u; double t0 = cpu_now();
    for (int i = 0; i < p->k; i++) {
        double t = -p->b[i];
        for (int j = 0; j < n; j++) t += p->a[i * n + j] * w[j];
        g[i] = t;
    }
    double q = -1;
    for (int j = 0; j < n; j++) q += w[j] * w[j];
    g[p->k] = q;
    p->callbacks += cpu_now() - t0;
    return 1;
}

static Bool eval_jac_g(Index n, Number *w, Bool new_x, Index m, Index nele, Index *irow, Index *jcol, Number *values, UserDataPtr u) {
    Eclr *p = u; double t0 = cpu_now();
    if (!values) {
        for (int i = 0, e = 0; i < m; i++) for (int j = 0; j < n; j++, e++) { irow[e] = i; jcol[e] = j; }
    } else {
        memcpy(values, p->a, (size_t)p->k * n * sizeof(double));
        for (int j = 0; j < n; j++) values[p->k * n + j] = 2 * w[j];
    }
    p->callbacks += cpu_now() - t0;
    return 1;
}

static Bool eval_h(Index n, Number *w, Bool new_x, Number obj_factor, Index m, Number *lambda, Bool new_lambda,
                   Index nele, Index *irow, Index *jcol, Number *values, UserDataPtr u) {
    Eclr *p = u; double t0 = cpu_now();
    if (!values) {
        for (int i = 0, e = 0; i < n; i++) for (int j = 0; j <= i; j++, e++) { irow[e] = i; jcol[e] = j; }
    } else {
        margins(p, w);
        memset(values, 0, nele * sizeof(double));
        for (int s = 0; s < p->n_samples; s++) {
            double sig = 0.5 * (1 + tanh(p->z[s] / 2));
            double c = obj_factor * sig * (1 - sig) / p->n_samples;
            const double *row = p->x + (size_t)s * p->d;
            for (int i = 0, e = 0; i < n; i++) {
                double ci = c * row[i];
                for (int j = 0; j <= i; j++, e++) values[e] += ci * row[j];
            }
        }
        for (int i = 0; i < n; i++) values[i * (i + 1) / 2 + i] += 2 * lambda[m - 1];
    }
    p->callbacks += cpu_now() - t0;
    return 1;
}

static Bool intermediate(Index alg_mod, Index iter, Number obj, Number inf_pr, Number inf_du, Number mu, Number d_norm,
                         Number reg, Number alpha_du, Number alpha_pr, Index ls, UserDataPtr u) {
    ((Eclr *)u)->iterations = iter;
    return 1;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: ipopt_eclr DATA.svm CONSTRAINTS.csv [REPEATS]\n"); return 2; }
    int repeats = argc > 3 ? atoi(argv[3]) : 5;
    if (repeats < 1) repeats = 1;
    Eclr p = {0};
    read_libsvm(argv[1], &p);
    read_constraints(argv[2], &p);
    p.z = malloc(p.n_samples * sizeof(double));
    int n = p.d, m = p.k + 1;
    double *xl = malloc(n * sizeof(double)), *xu = malloc(n * sizeof(double)), *gl = calloc(m, sizeof(double)), *gu = calloc(m, sizeof(double));
    for (int j = 0; j < n; j++) { xl[j] = -1e20; xu[j] = 1e20; }
    double *total = malloc(repeats * sizeof(double)), *inside = malloc(repeats * sizeof(double)), *own = malloc(repeats * sizeof(double));
    double *w = malloc(n * sizeof(double)), *mult = malloc(m * sizeof(double)), f = NAN;
    int status = 0;
    char report[] = "/tmp/ipopt_eclr_XXXXXX";
    int fd = mkstemp(report);
    if (fd < 0) fail("cannot create a temporary file", report, 0);
    close(fd);
    for (int r = 0; r < repeats; r++) {
        IpoptProblem problem = CreateIpoptProblem(n, xl, xu, m, gl, gu, m * n, n * (n + 1) / 2, 0,
                                                  eval_f, eval_g, eval_grad_f, eval_jac_g, eval_h);
        AddIpoptNumOption(problem, "tol", 1e-8);
        AddIpoptIntOption(problem, "print_level", 0);
        AddIpoptIntOption(problem, "max_iter", 3000);
        SetIntermediateCallback(problem, intermediate);
        if (r == repeats - 1) {   /* IPOPT's own timing report of the last solve, to set beside ours */
            AddIpoptStrOption(problem, "output_file", report);
            AddIpoptIntOption(problem, "file_print_level", 3);
        }
        for (int j = 0; j < n; j++) w[j] = 1;
        p.callbacks = 0;
        double t0 = cpu_now();
        status = IpoptSolve(problem, w, NULL, &f, mult, NULL, NULL, &p);
        total[r] = cpu_now() - t0;
        inside[r] = p.callbacks;
        own[r] = total[r] - inside[r];
        FreeIpoptProblem(problem);
    }
    double c = -1;
    for (int j = 0; j < n; j++) c += w[j] * w[j];
    printf("{\"samples\": %d, \"d\": %d, \"k\": %d, \"status\": %d, \"iterations\": %d, \"f\": %.12g, \"norm_residual\": %.3g, \"repeats\": %d",
           p.n_samples, p.d, p.k, status, p.iterations, f, c, repeats);
    const char *names[3] = {"total", "callbacks", "ipopt"};
    double *series[3] = {total, inside, own};
    for (int s = 0; s < 3; s++) {
        qsort(series[s], repeats, sizeof(double), compare);
        printf(", \"%s_min\": %.6g, \"%s_median\": %.6g", names[s], series[s][0], names[s], series[s][repeats / 2]);
    }
    double reportedIpopt = NAN, reportedEval = NAN;
    FILE *log = fopen(report, "r");
    if (log) {
        char line[512];
        while (fgets(line, sizeof line, log)) {
            char *eq = strchr(line, '=');
            if (!eq) continue;
            if (strstr(line, "Total CPU secs in IPOPT (w/o function evaluations)")) reportedIpopt = atof(eq + 1);
            else if (strstr(line, "Total CPU secs in NLP function evaluations")) reportedEval = atof(eq + 1);
        }
        fclose(log);
    }
    remove(report);
    printf(", \"reported_ipopt_last\": %.3f, \"reported_eval_last\": %.3f}\n", reportedIpopt, reportedEval);
    return status == 0 || status == 1 ? 0 : 1;
}
