"""Writes the benchmark's unseen obstacle mask, masks/lbar-N.csv, for each N given (default 32 64 128).

"lbar": an L-shaped obstacle (vertical arm and a foot to the right) in the lower left and a rectangular
shelf in the upper right, both given as fractions of the grid so that the same shape is
resolved at every N (the DCDM size-independence check compares counts across N on the same geometry).
Format as FluidDomain.ReadCsv wants: 0 = solid, 1 = fluid, comma separated, one grid row per line, row 0 at
the open top. Stdlib only; deterministic.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# (row0, row1, col0, col1) as fractions of N, half-open.
SOLIDS = [(0.35, 0.80, 0.20, 0.30),    # L: vertical arm
          (0.70, 0.80, 0.20, 0.55),    # L: foot
          (0.25, 0.40, 0.62, 0.85)]    # shelf


def mask(n):
    m = [[1] * n for _ in range(n)]
    for r0, r1, c0, c1 in SOLIDS:
        for i in range(round(r0 * n), round(r1 * n)):
            for j in range(round(c0 * n), round(c1 * n)):
                m[i][j] = 0
    return m


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [32, 64, 128]
    os.makedirs(os.path.join(HERE, "masks"), exist_ok=True)
    for n in sizes:
        path = os.path.join(HERE, "masks", "lbar-%d.csv" % n)
        with open(path, "w") as f:
            for row in mask(n):
                f.write(",".join(map(str, row)) + "\n")
        print(path)


if __name__ == "__main__":
    main()
