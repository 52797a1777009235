"""Claims 2 and 5 of the Halpern design brief (/work/shared/design/papers/halpern.md, "What the toolkit must show"),
run through `solvers minmax --json --history` (experiments.py --only halpern-claims, via run.sh).

Claim 2: EAG on the n = 200 quadratic decreases ||F|| like O(1/k): least-squares slope of log ||F|| against log k
over the last two decades of iterations, -1 +- 0.15.
Claim 5: on synthetic cocoercive finite sums with a fixed component constant L, (epochs Alg. 1 needs to reach eps) /
(epochs EAG needs) scales like 1/sqrt(n): multiplying n by 4 roughly halves the ratio (+-25%).
"""
import json, math, os, statistics, subprocess, sys, time

def _cli(exe, args):
    p = subprocess.run([exe] + args + ["--json", "--history"], capture_output=True, text=True)
    if p.returncode not in (0, 2):
        raise RuntimeError(" ".join(args) + ": " + p.stderr.strip())
    return json.loads(p.stdout)

def _load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])

def slope(points):
    """Least-squares slope of log10 r against log10 k."""
    xs = [math.log10(k) for k, _ in points]; ys = [math.log10(r) for _, r in points]
    mx = sum(xs) / len(xs); my = sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)

def log_sample(points, lo, hi, per_decade=50):
    """The record nearest (from below) to each of per_decade log-spaced iteration counts in [lo, hi], so that every
    part of the window weighs the same in the fit (linearly spaced records would let the last decade dominate)."""
    out, j = [], 0
    count = int(round(per_decade * math.log10(hi / lo)))
    for t in range(count + 1):
        target = lo * (hi / lo) ** (t / count)
        while j + 1 < len(points) and points[j + 1][0] <= target * (1 + 1e-12): j += 1
        if points[j][0] >= lo * (1 - 1e-12) and (not out or out[-1] != points[j]): out.append(points[j])
    return out

def envelopes(points):
    """Running minimum min_{j <= k} r_j and the monotone upper envelope max_{j >= k} r_j (the smallest non-increasing
    majorant): the two sides of an oscillating curve."""
    run_min, m = [], float("inf")
    for k, r in points:
        m = min(m, r); run_min.append((k, m))
    upper, m = [], 0.0
    for k, r in reversed(points):
        m = max(m, r); upper.append((k, m))
    return run_min, upper[::-1]

def claim2(exe, md, quick, out):
    epochs = 100000 if quick else 1000000
    args = ["minmax", "--problem", "quadratic", "--n", "200", "--method", "eag", "--epochs", str(epochs), "--tol", "0", "--record-every", "20"]
    t0 = time.time()
    j = _cli(exe, args)
    print("claim 2 eag", j["residual"], j["iterations"], f"{time.time() - t0:.1f}s", file=sys.stderr)
    # EAG spends 2n calls per iteration: iteration k = epochs / 2; the record at epoch 0 (k = 0) is left out of the log plot
    points = [(e / 2, r) for e, r in j["history"] if e > 0]
    md.append("## Claim 2: EAG on the quadratic (n = 200) decreases ||F|| like O(1/k)\n")
    md.append(f"Command: `solvers {' '.join(args)} --json --history` ({j['iterations']} iterations, step 0.3 of the reference script, "
              f"{j['seconds']:.1f} s). Records every 20 epochs = 10 iterations; the fits take the record at or just below each of 50 "
              "log-spaced iteration counts per decade. Slope = least-squares slope of log10 ||F|| against log10 k; target -1 +- 0.15 "
              "over the last two decades of iterations.\n")
    md.append("| window (iterations k) | slope of the residual | slope of its running minimum | slope of its upper envelope max_{j>=k} | "
              "residual at the window's start / end |\n|---|---|---|---|---|")
    kmax = points[-1][0]
    rows = []
    # the two-decade windows of the 1e5-epoch and of the full budget, then the single decades of the full budget
    windows = [(hi / 100, hi) for hi in sorted({kmax, 5e4}) if hi <= kmax] + [(kmax / 100, kmax / 10), (kmax / 10, kmax)]
    for lo, hi in windows:
        window = [(k, r) for k, r in points if k <= hi]
        run_min, upper = envelopes(window)
        fits = [slope(log_sample(s, lo, hi)) for s in (window, run_min, upper)]
        first = log_sample(window, lo, hi)
        rows.append((lo, hi, fits))
        note = " (the 1e5-epoch budget of the quadratic table)" if hi == 5e4 and lo == 500 else " (one decade)" if hi == 10 * lo else ""
        md.append(f"| {lo:.0f} - {hi:.0f}{note} | "
                  + " | ".join(f"{s:.3f}" for s in fits) + f" | {first[0][1]:.3g} / {first[-1][1]:.3g} |")
    md.append("")
    lo, hi, fits = next(r for r in rows if r[0] == kmax / 100 and r[1] == kmax)
    met = all(abs(s + 1) <= 0.15 for s in fits)
    decades = [r for r in rows if r[1] == 10 * r[0]]
    md.append("The brief's budget for this instance is 1e6 epochs (5e5 EAG iterations). A window that starts on the plateau "
              "(the residual stays near its initial 3.5 for the first few thousand iterations) gives a flatter fit. EAG oscillates, so "
              "single decades differ: running minimum " + ", ".join(f"{r[2][1]:.3f}" for r in decades) + " (isolated deep dips hold it "
              "flat, then it catches up), upper envelope " + ", ".join(f"{r[2][2]:.3f}" for r in decades)
              + " (the quantity an O(1/k) bound constrains).\n")
    md.append(f"Last two decades of the {hi:.0f}-iteration run: slopes {', '.join(f'{s:.3f}' for s in fits)} "
              f"(iterate, running minimum, upper envelope): claim 2 **{'met' if met else 'not met'}** (target -1 +- 0.15).\n")
    with open(os.path.join(out, "halpern-claim2-eag-history.json"), "w") as f:
        json.dump(log_sample(points, points[0][0], kmax, per_decade=200), f)

def calls_per_iteration(n):
    """Alg. 1's expected calls per iteration after the warm-up, p n + (1 - p) 2b with the brief's p = 4/(sqrt n + 5) and
    b = floor(sqrt n). It tends to 6 sqrt(n) only as n grows, so at moderate n the cost per iteration, in epochs, falls
    by less than 2 when n is multiplied by 4."""
    p = 4 / (math.sqrt(n) + 5); b = math.floor(math.sqrt(n))
    return p * n + (1 - p) * 2 * b

def _epochs_to(history, eps):
    """Epochs at the first record with residual <= eps (None if never)."""
    # a diverged run serialises its last residual as the string "Infinity" / "NaN": never below eps
    return next((e for e, r in history if not isinstance(r, str) and r <= eps), None)

def claim5(exe, md, quick):
    ns = [100, 400] if quick else [100, 400, 1600]
    seeds = [1] if quick else [1, 2, 3, 4, 5]
    # eta = 2: the largest power-of-two step at which EAG is stable at every n (at eta = 4 EAG diverges at n = 100, whose
    # L_F is the largest of the three); Alg. 1 gets the same step so that only the oracle differs
    settings = [("eta = 2 for both (the largest power-of-two step stable for EAG at every n)", 2.0, [1e-3, 1e-4])]
    if not quick:
        settings.append(("eta = 0.5 for both (0.5 / L)", 0.5, [1e-2, 1e-3]))
    md.append("## Claim 5: scaling in n on synthetic cocoercive finite sums (fixed L)\n")
    md.append("Problem `--problem cocoercive` (`MinMaxProblems.CocoerciveLeastSquares`): F_i(u) = A_i^T (A_i u - b_i), d = 50, "
              "A_i = 5 x 50 Gaussian block with column scales 10^(-j/49), normalised to ||A_i||_2 = 1 (so every component is "
              "1-cocoercive: L = 1 for every n), b_i = A_i x + 0.1 noise, u_0 = 0, instance seed 1 (the n = 100 instance is the "
              "first 100 blocks of the n = 400 one, which is the first 400 of n = 1600). Epochs = component calls / n until the "
              "first residual record <= eps (records every epoch, uncounted). Alg. 1 = vr-halpern (b = floor(sqrt n), schedule of "
              f"the brief), median over sampling seeds {seeds[0]}-{seeds[-1]}; EAG deterministic. Ratio = Alg. 1 epochs / EAG epochs; "
              "target: ratio(4n) / ratio(n) = 0.5 +- 25%.\n")
    # instance constants from the oracle (Jacobian eigenvalues, LU solve): L stays 1 by construction, L_F and ||u0 - u*||
    # must stay roughly fixed too for the ratio to isolate the n-dependence
    here = os.path.dirname(os.path.abspath(__file__))
    p = subprocess.run(["dotnet", "fsi", os.path.join(here, "cocoercive_constants.fsx")] + [str(n) for n in ns], capture_output=True, text=True)
    rows = [l for l in p.stdout.splitlines() if l.startswith("|")]
    if rows:
        md.append("Instance constants (`dotnet fsi benchmarks/constrained/cocoercive_constants.fsx " + " ".join(str(n) for n in ns) + "`: the "
                  "Jacobian of F assembled from the oracle, MathNet eigenvalues and LU):\n")
        md.append("| n | L (every component) | L_F = lambda_max | mu = lambda_min | \\|u0 - u*\\| | residual at u0 |\n|---|---|---|---|---|---|")
        md.extend(rows)
        md.append("")
    verdicts = []
    for label, step, epss in settings:
        tol = min(epss)
        table, iters = {}, {}
        for n in ns:
            common = ["minmax", "--problem", "cocoercive", "--n", str(n), "--tol", repr(tol), "--step", repr(step), "--record-every", "1",
                      "--epochs", "200000"]
            t0 = time.time()
            eag = _cli(exe, common + ["--method", "eag"])
            print("claim 5", step, n, "eag", eag["epochs"], f"{time.time() - t0:.1f}s", file=sys.stderr)
            algs = []
            for seed in seeds:
                t0 = time.time()
                algs.append(_cli(exe, common + ["--method", "vr-halpern", "--seed", str(seed)]))
                print("claim 5", step, n, "vr-halpern", seed, algs[-1]["epochs"], f"{time.time() - t0:.1f}s", file=sys.stderr)
            iters[n] = (eag["iterations"], statistics.median(r["iterations"] for r in algs))
            for eps in epss:
                e = _epochs_to(eag["history"], eps)
                a = [_epochs_to(r["history"], eps) for r in algs]
                table[(n, eps)] = (e, a)
        md.append(f"### {label}\n")
        md.append("| eps | n | EAG epochs | Alg. 1 epochs (median; all seeds) | ratio Alg. 1 / EAG | ratio(n) / ratio(n/4) | "
                  "predicted from the schedule's calls per iteration | sqrt(n) x ratio |\n|---|---|---|---|---|---|---|---|")
        for eps in epss:
            prev = None
            for n in ns:
                e, a = table[(n, eps)]
                if e is None or any(x is None for x in a):
                    md.append(f"| {eps:g} | {n} | {e} | {a} | not reached | | | |"); prev = None; continue
                med = statistics.median(a)
                ratio = med / e
                change = f"{ratio / prev:.3f}" if prev else ""
                # if neither method's iteration count depends on n, the ratio moves only with Alg. 1's epochs per iteration
                predicted = f"{(calls_per_iteration(n) / n) / (calls_per_iteration(n // 4) / (n // 4)):.3f}" if prev else ""
                if prev: verdicts.append((step, eps, n, ratio / prev))
                md.append(f"| {eps:g} | {n} | {e:.0f} | {med:.0f} ({', '.join(f'{x:.0f}' for x in a)}) | {ratio:.4f} | {change} | {predicted} | "
                          f"{math.sqrt(n) * ratio:.3f} |")
                prev = ratio
        md.append("")
        md.append(f"Iterations at eps = {tol:g}: EAG " + ", ".join(f"{iters[n][0]}" for n in ns) + "; Alg. 1 (median) "
                  + ", ".join(f"{iters[n][1]:.0f}" for n in ns) + f" for n = {', '.join(str(n) for n in ns)}.\n")
    md.append("Reading: neither method's iteration count to eps depends on n here (L, L_F and ||u0 - u*|| are nearly fixed; Alg. 1 needs "
              "about twice EAG's iterations, its anchor weight being 2/(k+4) against 1/(k+2)), so the ratio follows Alg. 1's cost per "
              "iteration in epochs, c(n)/n with c(n) = p n + (1 - p) 2b, p = 4/(sqrt n + 5), b = floor(sqrt n): "
              + ", ".join(f"c({n}) = {calls_per_iteration(n):.1f}" for n in ns)
              + ". c(n) approaches 6 sqrt(n) only slowly, so by the schedule alone quadrupling n shrinks the ratio by "
              + ", ".join(f"{(calls_per_iteration(n) / n) / (calls_per_iteration(n // 4) / (n // 4)):.2f} ({n // 4} to {n})" for n in ns[1:])
              + " rather than 0.5 (from 25 to 100 it would be "
              f"{(calls_per_iteration(100) / 100) / (calls_per_iteration(25) / 25):.2f}, outside the +-25% band).\n")
    ok = [v for v in verdicts if 0.375 <= v[3] <= 0.625]
    md.append(f"Quadrupling n multiplied the ratio by {', '.join(f'{v[3]:.3f}' for v in verdicts)} "
              f"(eta, eps, n: {'; '.join(f'{v[0]:g}, {v[1]:g}, {v[2]}' for v in verdicts)}); "
              f"{len(ok)} of {len(verdicts)} within 0.5 +- 25% = [0.375, 0.625]: claim 5 **{'met' if len(ok) == len(verdicts) and verdicts else 'not met'}**.\n")

def run(exe, md, quick, out):
    md.append("Reproduce: `dotnet build src/Solvers.Cli -c Release && benchmarks/constrained/run.sh --only halpern-claims` "
              f"(about 10 minutes on one core). Load average at the start of the Halpern claims: {_load()}.\n")
    claim2(exe, md, quick, out)
    claim5(exe, md, quick)
    md.append(f"Load average at the end: {_load()}.\n")
