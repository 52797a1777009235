"""Peer-benchmark problem definitions (same formulas, starting points and published optima as
src/Solvers.Constrained/Problems): Hock-Schittkowski via sympy (exact derivatives), ECLR and PDE2D via numpy."""
import math
import numpy as np
import scipy.sparse as sp
import sympy as S

S2 = math.sqrt(2)

def _hs_table():
    x = S.symbols('x1:8')
    sq = lambda e: e**2
    a = math.asin(math.sqrt(1 / 4.2)); b = math.asin(math.sqrt(5 / 7.2))
    return {
        'hs6': (2, [-1.2, 1], 0.0, sq(1 - x[0]), [10 * (x[1] - x[0]**2)]),
        'hs7': (2, [2, 2], -math.sqrt(3), S.log(1 + x[0]**2) - x[1], [(1 + x[0]**2)**2 + x[1]**2 - 4]),
        'hs8': (2, [2, 1], -1.0, S.Integer(-1), [x[0]**2 + x[1]**2 - 25, x[0] * x[1] - 9]),
        'hs9': (2, [0, 0], -0.5, S.sin(S.pi * x[0] / 12) * S.cos(S.pi * x[1] / 16), [4 * x[0] - 3 * x[1]]),
        'hs26': (3, [-2.6, 2, 2], 0.0, (x[0] - x[1])**2 + (x[1] - x[2])**4, [(1 + x[1]**2) * x[0] + x[2]**4 - 3]),
        'hs27': (3, [2, 2, 2], 0.04, 0.01 * (x[0] - 1)**2 + (x[1] - x[0]**2)**2, [x[0] + x[2]**2 + 1]),
        'hs28': (3, [-4, 1, 1], 0.0, (x[0] + x[1])**2 + (x[1] + x[2])**2, [x[0] + 2 * x[1] + 3 * x[2] - 1]),
        'hs39': (4, [2, 2, 2, 2], -1.0, -x[0], [x[1] - x[0]**3 - x[2]**2, x[0]**2 - x[1] - x[3]**2]),
        'hs40': (4, [0.8] * 4, -0.25, -x[0] * x[1] * x[2] * x[3],
                 [x[0]**3 + x[1]**2 - 1, x[0]**2 * x[3] - x[2], x[3]**2 - x[1]]),
        'hs42': (4, [1, 1, 1, 1], 28 - 10 * S2, (x[0] - 1)**2 + (x[1] - 2)**2 + (x[2] - 3)**2 + (x[3] - 4)**2,
                 [x[0] - 2, x[2]**2 + x[3]**2 - 2]),
        'hs46': (5, [S2 / 2, 1.75, 0.5, 2, 2], 0.0, (x[0] - x[1])**2 + (x[2] - 1)**2 + (x[3] - 1)**4 + (x[4] - 1)**6,
                 [x[0]**2 * x[3] + S.sin(x[3] - x[4]) - 1, x[1] + x[2]**4 * x[3]**2 - 2]),
        'hs47': (5, [2, S2, -1, 2 - S2, 0.5], 0.0, (x[0] - x[1])**2 + (x[1] - x[2])**3 + (x[2] - x[3])**4 + (x[3] - x[4])**4,
                 [x[0] + x[1]**2 + x[2]**3 - 3, x[1] - x[2]**2 + x[3] - 1, x[0] * x[4] - 1]),
        'hs48': (5, [3, 5, -3, 2, -2], 0.0, (x[0] - 1)**2 + (x[1] - x[2])**2 + (x[3] - x[4])**2,
                 [x[0] + x[1] + x[2] + x[3] + x[4] - 5, x[2] - 2 * (x[3] + x[4]) + 3]),
        'hs49': (5, [10, 7, 2, -3, 0.8], 0.0, (x[0] - x[1])**2 + (x[2] - 1)**2 + (x[3] - 1)**4 + (x[4] - 1)**6,
                 [x[0] + x[1] + x[2] + 4 * x[3] - 7, x[2] + 5 * x[4] - 6]),
        'hs50': (5, [35, -31, 11, 5, -5], 0.0, (x[0] - x[1])**2 + (x[1] - x[2])**2 + (x[2] - x[3])**4 + (x[3] - x[4])**2,
                 [x[0] + 2 * x[1] + 3 * x[2] - 6, x[1] + 2 * x[2] + 3 * x[3] - 6, x[2] + 2 * x[3] + 3 * x[4] - 6]),
        'hs51': (5, [2.5, 0.5, 2, -1, 0.5], 0.0, (x[0] - x[1])**2 + (x[1] + x[2] - 2)**2 + (x[3] - 1)**2 + (x[4] - 1)**2,
                 [x[0] + 3 * x[1] - 4, x[2] + x[3] - 2 * x[4], x[1] - x[4]]),
        'hs52': (5, [2] * 5, 1859 / 349, (4 * x[0] - x[1])**2 + (x[1] + x[2] - 2)**2 + (x[3] - 1)**2 + (x[4] - 1)**2,
                 [x[0] + 3 * x[1], x[2] + x[3] - 2 * x[4], x[1] - x[4]]),
        'hs56': (7, [1, 1, 1, a, a, a, b], -3.456, -x[0] * x[1] * x[2],
                 [x[0] - 4.2 * S.sin(x[3])**2, x[1] - 4.2 * S.sin(x[4])**2, x[2] - 4.2 * S.sin(x[5])**2,
                  x[0] + 2 * x[1] + 2 * x[2] - 7.2 * S.sin(x[6])**2]),
        'hs61': (3, [0, 0, 0], -143.6461422, 4 * x[0]**2 + 2 * x[1]**2 + 2 * x[2]**2 - 33 * x[0] + 16 * x[1] - 24 * x[2],
                 [3 * x[0] - 2 * x[1]**2 - 7, 4 * x[0] - x[2]**2 - 11]),
        'hs77': (5, [2] * 5, 0.24150513, (x[0] - 1)**2 + (x[0] - x[1])**2 + (x[2] - 1)**2 + (x[3] - 1)**4 + (x[4] - 1)**6,
                 [x[0]**2 * x[3] + S.sin(x[3] - x[4]) - 2 * S2, x[1] + x[2]**4 * x[3]**2 - 8 - S2]),
        'hs78': (5, [-2, 1.5, 2, -1, -1], -2.91970041, x[0] * x[1] * x[2] * x[3] * x[4],
                 [sum(v**2 for v in x[:5]) - 10, x[1] * x[2] - 5 * x[3] * x[4], x[0]**3 + x[1]**3 + 1]),
        'hs79': (5, [2] * 5, 0.0787768209, (x[0] - 1)**2 + (x[0] - x[1])**2 + (x[1] - x[2])**2 + (x[2] - x[3])**4 + (x[3] - x[4])**4,
                 [x[0] + x[1]**2 + x[2]**3 - 2 - 3 * S2, x[1] - x[2]**2 + x[3] + 2 - 2 * S2, x[0] * x[4] - 2]),
    }, x

HS_NAMES = ['hs6', 'hs7', 'hs8', 'hs9', 'hs26', 'hs27', 'hs28', 'hs39', 'hs40', 'hs42', 'hs46', 'hs47', 'hs48', 'hs49',
            'hs50', 'hs51', 'hs52', 'hs56', 'hs61', 'hs77', 'hs78', 'hs79']


class Problem:
    """f, grad, c, jac (dense ndarray or scipy.sparse), hess of the Lagrangian (dense or sparse), x0, optimum."""
    sparse = False


def hs(name):
    table, x = _hs_table()
    n, x0, fstar, f, cs = table[name]
    v = list(x[:n])
    lam = S.symbols('l0:%d' % len(cs))
    L = f + sum(l * c for l, c in zip(lam, cs))
    p = Problem()
    p.name, p.n, p.m, p.x0, p.fstar = name, n, len(cs), np.array(x0, float), fstar
    fl = S.lambdify([v], f, 'numpy'); gl = S.lambdify([v], [S.diff(f, vi) for vi in v], 'numpy')
    cl = S.lambdify([v], cs, 'numpy'); jl = S.lambdify([v], [[S.diff(c, vi) for vi in v] for c in cs], 'numpy')
    hl = S.lambdify([v, list(lam)], [[S.diff(L, a, b) for b in v] for a in v], 'numpy')
    hfl = S.lambdify([v], [[S.diff(f, a, b) for b in v] for a in v], 'numpy')
    p.f = lambda z: float(fl(list(z)))
    p.grad = lambda z: np.array(gl(list(z)), float)
    p.c = lambda z: np.array(cl(list(z)), float)
    p.jac = lambda z: np.array(jl(list(z)), float).reshape(p.m, n)
    p.hess = lambda z, l: np.array(hl(list(z), list(l)), float).reshape(n, n)
    p.hess_f = lambda z: np.array(hfl(list(z)), float).reshape(n, n)
    # Hessian of sum_j l_j c_j alone (for SciPy's NonlinearConstraint).
    p.hess_c = lambda z, l: p.hess(z, l) - p.hess_f(z)
    return p


def read_libsvm(path):
    rows, cols, vals, y = [], [], [], []
    for i, line in enumerate(open(path)):
        parts = line.split('#')[0].split()
        if not parts:
            continue
        y.append(float(parts[0]))
        for t in parts[1:]:
            k, v = t.split(':')
            rows.append(len(y) - 1); cols.append(int(k) - 1); vals.append(float(v))
    d = max(cols) + 1
    X = sp.csr_matrix((vals, (rows, cols)), shape=(len(y), d)).toarray()
    y = np.array(y)
    if set(np.unique(y)) <= {0.0, 1.0}:
        y = np.where(y == 0, -1.0, 1.0)
    return X, y


def eclr_constraints(k, d, seed):
    """A ~ N(0,1) (k x d), b = A w_f with w_f uniform on the unit sphere (so the feasible set is non-empty)."""
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((k, d))
    w = rng.standard_normal(d); w /= np.linalg.norm(w)
    return A, A @ w


def eclr(path, A, b, name):
    X, y = read_libsvm(path)
    N, d = X.shape
    k = A.shape[0]
    p = Problem()
    p.name, p.n, p.m, p.x0, p.fstar = name, d, k + 1, np.ones(d), None
    p.lambda0 = np.ones(k + 1)
    def margins(w): return y * (X @ w)
    p.f = lambda w: float(np.mean(np.logaddexp(0, -margins(w))))
    def grad(w):
        z = margins(w)
        return X.T @ (-y * 0.5 * (1 - np.tanh(z / 2))) / N  # sigmoid(-z) = (1 - tanh(z/2)) / 2
    p.grad = grad
    p.c = lambda w: np.concatenate([A @ w - b, [w @ w - 1]])
    p.jac = lambda w: np.vstack([A, 2 * w])
    def hess_f(w):
        s = 0.5 * (1 + np.tanh(margins(w) / 2))
        return (X.T * (s * (1 - s) / N)) @ X
    p.hess_f = hess_f
    p.hess_c = lambda w, l: 2 * l[-1] * np.eye(d)
    p.hess = lambda w, l: hess_f(w) + p.hess_c(w, l)
    return p


def pde2d(N, kappa=1.0):
    h = 2.0 / (N + 1); inv = 1 / h**2; nn = N * N
    c = 0.1 / math.sqrt(15); mid = (N + 1) / 2
    I = np.arange(1, N + 1)
    target = (np.sin(4 + c * (I - mid))[:, None] + np.cos(3 + c * (I - mid))[None, :]).ravel()
    T = sp.diags([np.ones(N - 1), -2 * np.ones(N), np.ones(N - 1)], [-1, 0, 1])
    lap = ((sp.kron(sp.eye(N), T) + sp.kron(T, sp.eye(N))) * inv).tocsr()
    p = Problem(); p.sparse = True
    p.name, p.n, p.m, p.x0, p.fstar = 'pde2d_%d' % N, 2 * nn, nn, np.zeros(2 * nn), None
    p.f = lambda x: float(0.5 * np.sum((x[:nn] - target)**2) + 0.05 * np.sum(x[nn:]**2))
    p.grad = lambda x: np.concatenate([x[:nn] - target, 0.1 * x[nn:]])
    p.c = lambda x: lap @ x[:nn] - kappa * x[:nn]**3 + x[nn:]
    p.jac = lambda x: sp.hstack([lap - sp.diags(3 * kappa * x[:nn]**2), sp.eye(nn)]).tocsr()
    p.hess = lambda x, l: sp.diags(np.concatenate([1 - 6 * kappa * l * x[:nn], 0.1 * np.ones(nn)])).tocsr()
    p.hess_f = lambda x: sp.diags(np.concatenate([np.ones(nn), 0.1 * np.ones(nn)])).tocsr()
    p.hess_c = lambda x, l: sp.diags(np.concatenate([-6 * kappa * l * x[:nn], np.zeros(nn)])).tocsr()
    return p


def kkt(p, x):
    """||(grad f + J^T lambda, c)|| with least-squares multipliers (the same measure for every solver)."""
    g = p.grad(x); J = p.jac(x); cval = p.c(x)
    if sp.issparse(J):
        import scipy.sparse.linalg as spla
        lam = spla.lsqr(J.T, -g, atol=1e-14, btol=1e-14, iter_lim=20000)[0]
    else:
        lam = np.linalg.lstsq(J.T, -g, rcond=None)[0]
    st = np.linalg.norm(g + J.T @ lam)
    fe = np.linalg.norm(cval)
    return math.hypot(st, fe), st, fe


def _bt_table():
    x = S.symbols('x1:6')
    s2 = S.sqrt(2)
    return {
        # name: (n, x0, f* (CUTEst SIF SOLTN; bt3 exact: convex QP), f, [c])
        'bt2': (3, [10.0] * 3, 0.032568200, (x[0] - 1)**2 + (x[0] - x[1])**2 + (x[1] - x[2])**4,
                [x[0] * (1 + x[1]**2) + x[2]**4 - 8.2426407]),
        'bt3': (5, [20.0] * 5, 176 / 43, (x[0] - x[1])**2 + (x[1] + x[2] - 2)**2 + (x[3] - 1)**2 + (x[4] - 1)**2,
                [x[0] + 3 * x[1], x[2] + x[3] - 2 * x[4], x[1] - x[4]]),
        'bt5': (3, [2.0] * 3, 961.715172, 1000 - x[0]**2 - 2 * x[1]**2 - x[2]**2 - x[0] * x[1] - x[0] * x[2],
                [x[0]**2 + x[1]**2 + x[2]**2 - 25, 8 * x[0] + 14 * x[1] + 7 * x[2] - 56]),
        'bt6': (5, [2.0] * 5, 0.277044924, (x[0] - 1)**2 + (x[0] - x[1])**2 + (x[2] - 1)**2 + (x[3] - 1)**4 + (x[4] - 1)**6,
                [x[3] * x[0]**2 + S.sin(x[3] - x[4]) - 2 * s2, x[2]**4 * x[1]**2 + x[1] - 8 - s2]),
        'bt9': (4, [2.0] * 4, -1.0, -x[0], [x[1] - x[0]**3 - x[2]**2, -x[1] + x[0]**2 - x[3]**2]),
        'bt10': (2, [2.0] * 2, -1.0, -x[0], [x[1] - x[0]**3, -x[1] + x[0]**2]),
        'bt11': (5, [2.0] * 5, 0.824891, (x[0] - 1)**2 + (x[0] - x[1])**2 + (x[1] - x[2])**2 + (x[2] - x[3])**4 + (x[3] - x[4])**4,
                 [x[0] + x[1]**2 + x[2]**3 + 2 - S.sqrt(18), x[1] + x[3] - x[2]**2 + 2 - S.sqrt(8), x[0] - x[4] - 2]),
        'bt12': (5, [15.811, 1.5811, 0.0, 15.083, 3.7164], 6.18811881, 0.01 * x[0]**2 + x[1]**2,
                 [x[0] + x[1] - x[2]**2 - 25, x[0]**2 + x[1]**2 - x[3]**2 - 25, x[0] - x[4]**2 - 2]),
    }, x

BT_NAMES = ['bt2', 'bt3', 'bt5', 'bt6', 'bt9', 'bt10', 'bt11', 'bt12']
_hs_table_orig = _hs_table
def _hs_table():
    t, x = _hs_table_orig()
    bt, _ = _bt_table()
    t.update({k: v for k, v in bt.items()})
    return t, x
