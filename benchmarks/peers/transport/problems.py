"""Benchmark problems for issue #5 (optimal transport), written as CSV files that POT and `solvers ot` both read.

Every problem is a pair of point sets X (n x d), Y (m x d) with weights a, b (sum 1); the cost is the
squared-Euclidean (W2) or Euclidean (W1) distance divided by its maximum, so reg is relative to max cost 1.
Zero-weight bins are removed before writing (POT's sinkhorn cannot take them; `solvers ot` would drop them
itself), so both libraries solve exactly the same problem.
"""
import os

import numpy as np

SEED = 20260505


def _grid(k):
    t = np.arange(k, dtype=float)
    gx, gy = np.meshgrid(t, t, indexing="ij")
    return np.column_stack([gx.ravel(), gy.ravel()])


def _digit(rng, k=28):
    """A synthetic 28x28 handwritten-digit-like image: a few thick random strokes (MNIST is not shipped)."""
    img = np.zeros((k, k))
    yy, xx = np.mgrid[0:k, 0:k]
    for _ in range(3):
        p0 = rng.uniform(6, 22, 2)
        p1 = rng.uniform(6, 22, 2)
        for s in np.linspace(0, 1, 40):
            c = (1 - s) * p0 + s * p1
            img += np.exp(-((yy - c[0]) ** 2 + (xx - c[1]) ** 2) / (2 * 1.2 ** 2))
    img[img < 0.05 * img.max()] = 0.0   # background pixels are exactly zero, as in MNIST
    return img.ravel()


def _mixture(points, rng, components, scale):
    dens = np.zeros(len(points))
    for _ in range(components):
        mu = rng.uniform(0.2, 0.8, points.shape[1]) * scale
        sigma = rng.uniform(0.05, 0.15) * scale
        dens += rng.uniform(0.5, 1.5) * np.exp(-np.sum((points - mu) ** 2, axis=1) / (2 * sigma ** 2))
    return dens


def _support(points, w):
    keep = w > 0
    return points[keep], w[keep] / w[keep].sum()


def problems(sizes=(500, 2000, 5000)):
    """(name, metric, X, Y, a, b) for the issue's problem list."""
    rng = np.random.default_rng(SEED)
    out = []
    for n in sizes:
        x = rng.random((n, 2))
        y = rng.random((n, 2))
        out.append((f"uniform2d-{n}", "sqeuclidean", x, y, np.full(n, 1.0 / n), np.full(n, 1.0 / n)))
    grid28 = _grid(28)
    xa, a = _support(grid28, _digit(rng))
    yb, b = _support(grid28, _digit(rng))
    out.append(("images-28x28", "sqeuclidean", xa, yb, a, b))
    line = ((np.arange(1000) + 0.5) / 1000).reshape(-1, 1)
    a1 = _mixture(line, rng, 3, 1.0)
    b1 = _mixture(line, rng, 3, 1.0)
    out.append(("hist1d-1000", "sqeuclidean", line, line, a1 / a1.sum(), b1 / b1.sum()))
    grid64 = _grid(64) / 63.0
    a2 = _mixture(grid64, rng, 4, 1.0)
    b2 = _mixture(grid64, rng, 4, 1.0)
    a2 /= a2.sum()
    b2 /= b2.sum()
    out.append(("gauss64-W2", "sqeuclidean", grid64, grid64, a2, b2))
    out.append(("gauss64-W1", "euclidean", grid64, grid64, a2, b2))
    return out


def write(directory, sizes=(500, 2000, 5000)):
    """Writes every problem to directory/NAME/{X,Y,a,b}.csv and a metric.txt; returns the names."""
    names = []
    for name, metric, x, y, a, b in problems(sizes):
        d = os.path.join(directory, name)
        os.makedirs(d, exist_ok=True)
        for fname, arr in (("X.csv", x), ("Y.csv", y), ("a.csv", a), ("b.csv", b)):
            np.savetxt(os.path.join(d, fname), arr, delimiter=",", fmt="%.17g")
        with open(os.path.join(d, "metric.txt"), "w") as f:
            f.write(metric)
        names.append(name)
    return names
