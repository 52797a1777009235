"""Independent NumPy re-implementation of the policeman-and-burglar matrix game (design/papers/halpern.md, section 7a)
and of EG, VR-EG and Algorithm 1 (Halpern + PAGE), written from the brief, to cross-check `solvers minmax --problem
matrix-game` (shares no code with the C#).

    /usr/bin/python3 benchmarks/constrained/crosscheck_game.py [--epochs 5000] [--instance csharp|reference]
        [--methods eg,vr-eg,alg1] [--seeds 1,2,3] [--histories benchmarks/constrained/matrix-game-histories.json]

--instance csharp (default): A regenerated exactly as MinMaxProblems.MatrixGame(500, 0.8, seed 1) builds it: .NET's
  seeded System.Random (Knuth's subtractive generator, re-implemented below) and the same Box-Muller draw order
  (w_j = |sqrt(-2 ln(1 - U1)) cos(2 pi U2)|). The residual at the uniform start must equal the C# one (0.23478086305858).
--instance reference: the authors' script instance, np.random.seed(1); w = |np.random.randn(500)| (another matrix).
The random streams of VR-EG and Alg. 1 are NumPy's (default_rng(seed)), so those agree with C# in distribution only;
EG is deterministic and must agree to about 4 digits.

It also prints the face-residual analysis: with the x-support S fixed, the eta = 1 residual of x is
||g_S - mean(g_S)||, g = A^T y, independent of where x sits on that face (the projection moves every coordinate of
S by the same shift), and g_j = w_j c_j with c_j = sum_i y_i (1 - exp(-theta |i - j|)) ~ 1 for a spread-out y.
So while a method walks along the face spanned by the k columns of smallest w the residual is pinned near
||w_S - mean(w_S)|| -- the staircase 2.27e-2, 1.62e-2, 1.20e-2, 4.74e-3, 2.76e-3, 1.93e-3 seen by every method.
"""
import argparse, json, math, os, sys, time
import numpy as np

N, THETA = 500, 0.8


class NetRandom:
    """.NET System.Random(seed) (legacy seeded algorithm: Knuth's subtractive generator, Numerical Recipes ran3)."""
    MBIG, MSEED = 2147483647, 161803398

    def __init__(self, seed):
        sa = [0] * 56
        mj = self.MSEED - (2147483647 if seed == -2147483648 else abs(seed))
        sa[55] = mj; mk = 1; ii = 0
        for _ in range(1, 55):
            ii = (ii + 21) % 55
            sa[ii] = mk; mk = mj - mk
            if mk < 0: mk += self.MBIG
            mj = sa[ii]
        for _ in range(4):
            for i in range(1, 56):
                sa[i] -= sa[1 + (i + 30) % 55]
                if sa[i] < 0: sa[i] += self.MBIG
        self.sa, self.inext, self.inextp = sa, 0, 21

    def next_double(self):
        self.inext = self.inext + 1 if self.inext < 55 else 1
        self.inextp = self.inextp + 1 if self.inextp < 55 else 1
        r = self.sa[self.inext] - self.sa[self.inextp]
        if r == self.MBIG: r -= 1
        if r < 0: r += self.MBIG
        self.sa[self.inext] = r
        return r * (1.0 / self.MBIG)


def weights(instance):
    if instance == "reference":
        np.random.seed(1)
        return np.abs(np.random.randn(N))
    rng = NetRandom(1)
    w = np.empty(N)
    for j in range(N):
        u1 = rng.next_double(); u2 = rng.next_double()
        w[j] = abs(math.sqrt(-2 * math.log(1 - u1)) * math.cos(2 * math.pi * u2))
    return w


def proj(v):
    """Sort-based Euclidean projection onto the probability simplex."""
    s = np.sort(v)[::-1]
    cs = np.cumsum(s) - 1.0
    k = np.arange(1, v.size + 1)
    rho = np.flatnonzero(s > cs / k)[-1]
    return np.maximum(v - cs[rho] / (rho + 1), 0.0)


class Game:
    def __init__(self, instance):
        self.w = weights(instance)
        i = np.arange(N)
        self.A = self.w[None, :] * (1 - np.exp(-THETA * np.abs(i[:, None] - i[None, :])))
        self.AT = np.ascontiguousarray(self.A.T)
        self.fro = np.linalg.norm(self.A)
        self.op = np.linalg.norm(self.A, 2)

    def residual(self, x, y):
        A = self.A
        return math.sqrt(np.sum((x - proj(x - self.AT @ y)) ** 2) + np.sum((y - proj(y + A @ x)) ** 2))


class Recorder:
    """Residual every `every` epochs (not counted), like the C# RunRecorder."""

    def __init__(self, game, epochs, every=25.0):
        self.g, self.budget, self.every, self.next, self.hist = game, epochs * N, every, 0.0, []
        self.support = []  # (epochs, |supp x|, |supp y|)

    def due(self, calls):
        return calls / N >= self.next

    def record(self, calls, x, y):
        e = calls / N
        self.hist.append((e, self.g.residual(x, y)))
        self.support.append((e, int(np.count_nonzero(x)), int(np.count_nonzero(y))))
        while self.next <= e: self.next += self.every


def run_eg(g, epochs):
    A, AT, eta = g.A, g.AT, 5 / g.op
    x = np.full(N, 1 / N); y = x.copy(); calls = 0; rec = Recorder(g, epochs); rec.record(0, x, y)
    while calls < rec.budget:
        xh = proj(x - eta * (AT @ y)); yh = proj(y + eta * (A @ x))
        x, y = proj(x - eta * (AT @ yh)), proj(y + eta * (A @ xh)); calls += 2 * N
        if rec.due(calls): rec.record(calls, x, y)
    rec.record(calls, x, y)
    return rec, (x, y)


def run_vreg(g, epochs, seed):
    """Loopless VR-EG (Alacaoglu-Malitsky): p = 1/n, alpha = 1 - p, step 3 sqrt(p)/||A||_F; component i = (x_i, y_i)."""
    A, AT = g.A, g.AT
    p = 1 / N; alpha = 1 - p; eta = 3 * math.sqrt(p) / g.fro
    rng = np.random.default_rng(seed)
    x = np.full(N, 1 / N); y = x.copy(); wx, wy = x.copy(), y.copy()
    gx, gy = AT @ wy, -(A @ wx); calls = N
    rec = Recorder(g, epochs); rec.record(0, x, y)
    chunk = 100000
    while calls < rec.budget:
        idxs = rng.integers(0, N, chunk); tosses = rng.random(chunk) < p
        for t in range(chunk):
            i = idxs[t]
            bx = alpha * x + p * wx; by = alpha * y + p * wy
            hx = proj(bx - eta * gx); hy = proj(by - eta * gy)
            # F_i(h) - F_i(w) = n (A[i, :] (hy_i - wy_i), -A[:, i] (hx_i - wx_i))
            x = proj(bx - eta * (gx + N * (hy[i] - wy[i]) * AT[:, i]))
            y = proj(by - eta * (gy - N * (hx[i] - wx[i]) * A[:, i]))
            calls += 2
            if tosses[t]:
                wx, wy = x.copy(), y.copy(); gx, gy = AT @ wy, -(A @ wx); calls += N
            if rec.due(calls): rec.record(calls, x, y)
            if calls >= rec.budget: break
    rec.record(calls, x, y)
    return rec, (x, y)


def run_alg1(g, epochs, seed, eta=None):
    """Algorithm 1: u+ = P(lam_k u0 + (1 - lam_k) u_k - eta F~_k), lam_k = 2/(k+4), PAGE with b = floor(sqrt n)."""
    A, AT = g.A, g.AT
    eta = 5 / g.fro if eta is None else eta
    b = int(math.isqrt(N)); rng = np.random.default_rng(seed)
    x0 = np.full(N, 1 / N); y0 = x0.copy(); x, y = x0.copy(), y0.copy(); px, py = x.copy(), y.copy()
    gx, gy = AT @ y, -(A @ x); calls = N; k = 0  # F~_0 = F(u_0)
    rec = Recorder(g, epochs); rec.record(calls, x, y)
    while calls < rec.budget:
        lam = 2 / (k + 4)
        px, py = x, y
        x = proj(lam * x0 + (1 - lam) * x - eta * gx)
        y = proj(lam * y0 + (1 - lam) * y - eta * gy)
        k += 1
        p = 1.0 if k <= 1 else (4 / (k + 4) if k - 1 <= math.sqrt(N) else 4 / (math.sqrt(N) + 5))
        if p >= 1 or rng.random() < p:
            gx, gy = AT @ y, -(A @ x); calls += N
        else:
            S = rng.choice(N, b, replace=False)
            gx = gx + (N / b) * (AT[:, S] @ (y[S] - py[S]))
            gy = gy - (N / b) * (A[:, S] @ (x[S] - px[S])); calls += 2 * b
        if rec.due(calls): rec.record(calls, x, y)
    rec.record(calls, x, y)
    return rec, (x, y)


def at(hist, e):
    best = hist[0][1]
    for ee, r in hist:
        if ee <= e + 1e-9: best = r
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=float, default=5000)
    ap.add_argument("--instance", default="csharp", choices=["csharp", "reference"])
    ap.add_argument("--methods", default="eg,vr-eg,alg1")
    ap.add_argument("--seeds", default="1,2,3", help="seeds of Alg. 1 (VR-EG uses the first)")
    ap.add_argument("--alg1-eta", type=float, default=None, help="extra Alg. 1 row with this step (labelled)")
    ap.add_argument("--histories", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "matrix-game-histories.json"))
    ap.add_argument("--save", default="")
    a = ap.parse_args()
    g = Game(a.instance)
    x0 = np.full(N, 1 / N)
    print(f"instance {a.instance}: ||A||_F = {g.fro:.6f}, ||A||_2 = {g.op:.6f} (ratio {g.fro / g.op:.5f}); "
          f"residual at the uniform start {g.residual(x0, x0):.14f}")
    order = np.argsort(g.w)
    print("smallest w_j:", ", ".join(f"w[{j}] = {g.w[j]:.5f}" for j in order[:6]))
    print("face residual ||w_S - mean w_S||, S = k smallest-w columns:",
          ", ".join(f"k={k}: {np.linalg.norm(g.w[order[:k]] - g.w[order[:k]].mean()):.4e}" for k in range(2, 9)))
    try:
        from scipy.optimize import linprog
        c = np.r_[np.zeros(N), 1.0]
        r = linprog(c, A_ub=np.c_[g.A, -np.ones(N)], b_ub=np.zeros(N), A_eq=np.r_[np.ones(N), 0.0][None, :], b_eq=[1],
                    bounds=[(0, None)] * N + [(None, None)], method="highs")
        xs = r.x[:N]
        print(f"LP: game value {r.x[N]:.6e}; x* support {np.flatnonzero(xs > 1e-9).tolist()} "
              f"(the column of smallest w is {order[0]})")
    except ImportError:
        pass

    checkpoints = [e for e in (10, 100, 1000, 2000, 3000, 4000, 5000) if e <= a.epochs]
    cs = {}
    if a.instance == "csharp" and os.path.exists(a.histories):
        cs = json.load(open(a.histories))
    names = {"eg": "eg", "vr-eg": "vr-eg", "alg1": "vr-halpern"}
    seeds = [int(s) for s in a.seeds.split(",")]
    out = {}
    for m in a.methods.split(","):
        runs = []
        if m == "eg": runs = [("numpy", run_eg(g, a.epochs))]
        elif m == "vr-eg": runs = [(f"numpy seed {seeds[0]}", run_vreg(g, a.epochs, seeds[0]))]
        elif m == "alg1":
            runs = [(f"numpy seed {s}", run_alg1(g, a.epochs, s)) for s in seeds]
            if a.alg1_eta: runs += [(f"numpy seed {seeds[0]}, eta = {a.alg1_eta:g} (extra)", run_alg1(g, a.epochs, seeds[0], a.alg1_eta))]
        for label, (rec, (x, y)) in runs:
            out[f"{m} {label}"] = rec.hist
            big = np.argsort(x)[::-1][:5]
            print(f"{m:6s} {label:28s} " + " ".join(f"@{e}: {at(rec.hist, e):.4e}" for e in checkpoints)
                  + f" | final {rec.hist[-1][1]:.4e} at {rec.hist[-1][0]:.1f} epochs; |supp x| {rec.support[-1][1]},"
                  f" largest x_j: " + ", ".join(f"x[{j}]={x[j]:.3f}" for j in big if x[j] > 0), flush=True)
        if names.get(m) in cs:
            h = cs[names[m]]
            print(f"{m:6s} {'C# (matrix-game-histories.json)':28s} " + " ".join(f"@{e}: {at(h, e):.4e}" for e in checkpoints)
                  + f" | final {h[-1][1]:.4e} at {h[-1][0]:.1f} epochs", flush=True)
    if a.save:
        json.dump(out, open(a.save, "w"))


if __name__ == "__main__":
    main()
