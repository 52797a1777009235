"""Independent NumPy re-implementation of EAG and Algorithm 1 (Halpern + PAGE) on the n = 200 quadratic hard instance,
written from design/papers/halpern.md, to cross-check the C# numbers of `solvers minmax` (different random streams,
so randomised runs agree in distribution, not digit by digit).

    /usr/bin/python3 benchmarks/constrained/crosscheck_alg1.py [EPOCHS]     (default 20000; ~1 min per 1e4 epochs)

Variant "brief": lambda_k = 2/(k+4), p_k = 4/(k+4) while k-1 <= sqrt n (as in the brief and the C# code);
variant "script": the index offsets of the authors' script (lambda = 2/(i+5), p = 4/(i+6) while i+1 <= sqrt n).
"""
import sys
import numpy as np

n = 200
A = np.zeros((n, n))
for i in range(n):
    A[i, n - 1 - i] = 1
    if i < n - 1: A[i, n - 2 - i] = -1
A /= 4; H = 2 * A.T @ A; b = np.ones(n) / 4; h = np.zeros(n); h[-1] = 0.25
M = np.block([[H, -A.T], [A, np.zeros((n, n))]]); c = np.concatenate([h, b])
F = lambda u: M @ u - c
u0 = np.ones(2 * n) / n
E = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
checkpoints = [e for e in (1000, 5000, 10000, 20000, 50000, 100000) if e <= E]

def eag(eta=0.3):
    u = u0.copy(); g = F(u); k = 0; out = {}
    while 2 * (k + 1) <= E:
        lam = 1 / (k + 2); base = lam * u0 + (1 - lam) * u
        u = base - eta * F(base - eta * g); g = F(u); k += 1
        if 2 * k in checkpoints: out[2 * k] = np.linalg.norm(g)
    return out

def alg1(seed, variant, eta=0.3):
    rng = np.random.default_rng(seed); bs = int(np.sqrt(n)); u = u0.copy(); prev = u.copy(); g = None
    calls = 0; i = 0; out = {}; nxt = 0
    while calls < E * n:
        if variant == "script":
            lam = 2 / (i + 5); p = 1 if i <= 1 else (4 / (i + 6) if i + 1 <= np.sqrt(n) else 4 / (np.sqrt(n) + 5))
        else:
            lam = 2 / (i + 4); p = 1 if i <= 1 else (4 / (i + 4) if i - 1 <= np.sqrt(n) else 4 / (np.sqrt(n) + 5))
        if p >= 1 or rng.random() < p:
            g = F(u); calls += n
        else:
            S = rng.choice(n, bs, replace=False); idx = np.concatenate([S, S + n])
            g = g + M[:, idx] @ (u[idx] - prev[idx]) * n / bs; calls += 2 * bs
        prev = u.copy(); u = lam * u0 + (1 - lam) * u - eta * g; i += 1
        while nxt < len(checkpoints) and calls >= checkpoints[nxt] * n:
            out[checkpoints[nxt]] = np.linalg.norm(F(u)); nxt += 1
    return out

print("||u0 - u*|| =", np.linalg.norm(u0 - np.linalg.solve(M, c)))
r = eag()
print("EAG", {k: f"{v:.4g}" for k, v in r.items()})
for seed in (1, 2, 3):
    for variant in ("brief", "script"):
        a = alg1(seed, variant)
        print(f"Alg. 1 ({variant}, seed {seed})", {k: f"{v:.4g}" for k, v in a.items()},
              "EAG/Alg.1:", {k: f"{r[k] / a[k]:.3g}" for k in a if k in r})
