namespace Solvers.Linear.Generators.Fluid;

/// <summary>
/// A velocity field on the faces of an N x N cell grid (MAC / staggered layout), the input of a pressure projection.
/// <see cref="U"/> holds N rows of N + 1 horizontal velocities: U[row * (N + 1) + c] points in the +col direction on the
/// face left of cell (row, c) (c = N is the right wall). <see cref="V"/> holds N + 1 rows of N vertical velocities:
/// V[r * N + col] points DOWN (+row) on the face above cell (r, col); r = 0 is the open top, r = N the bottom wall.
/// Internal: the public surface is <see cref="FluidPressureSystem.DivergenceRhs"/>; tests use it to check invariants.
/// </summary>
internal sealed class MacVelocityField
{
    private MacVelocityField(int n, double[] u, double[] v)
    {
        N = n;
        U = u;
        V = v;
    }

    public int N { get; }
    public double[] U { get; }
    public double[] V { get; }

    /// <summary>
    /// A random field with zero normal velocity on every face that is not between two <paramref name="active"/> cells,
    /// except the open top face of an active row-0 cell. Each component is a sum of <c>Modes</c> plane waves
    /// a sin(2 pi (kx x + ky y) + phi) with integer wavenumbers 0..3 (x, y in [0, 1]), amplitude a ~ N(0, 1) / |k|,
    /// plus 10 % white noise per face: smooth at the grid scale but not divergence-free, as the advected velocity of
    /// a simulation step is before projection. Zeroing the solid faces then adds the sharp divergence near
    /// obstacles that a real solver sees.
    /// </summary>
    public static MacVelocityField Random(ReadOnlySpan<bool> active, int n, int seed)
    {
        var random = new Random(seed);
        var waveU = Waves(random);
        var waveV = Waves(random);
        var u = new double[n * (n + 1)];
        var v = new double[(n + 1) * n];
        for (int row = 0; row < n; row++)
            for (int c = 1; c < n; c++)
                if (active[row * n + c - 1] && active[row * n + c])
                    u[row * (n + 1) + c] = Evaluate(waveU, (double)c / n, (row + 0.5) / n) + 0.1 * GaussianRandomField.Gaussian(random);
        for (int r = 0; r < n; r++)
            for (int col = 0; col < n; col++)
                if (active[r * n + col] && (r == 0 || active[(r - 1) * n + col]))
                    v[r * n + col] = Evaluate(waveV, (col + 0.5) / n, (double)r / n) + 0.1 * GaussianRandomField.Gaussian(random);
        return new MacVelocityField(n, u, v);
    }

    /// <summary>Net outward flux of cell (row, col): right - left + bottom - top face velocities (unit faces).</summary>
    public double Divergence(int row, int col)
    {
        int n = N;
        return U[row * (n + 1) + col + 1] - U[row * (n + 1) + col] + V[(row + 1) * n + col] - V[row * n + col];
    }

    private const int Modes = 6;

    private static double[] Waves(Random random)
    {
        // (kx, ky, amplitude, phase) per mode.
        var w = new double[Modes * 4];
        for (int m = 0; m < Modes; m++)
        {
            int kx, ky;
            do { kx = random.Next(0, 4); ky = random.Next(0, 4); } while (kx + ky == 0);
            w[4 * m] = kx;
            w[4 * m + 1] = ky;
            w[4 * m + 2] = GaussianRandomField.Gaussian(random) / Math.Sqrt(kx * kx + ky * ky);
            w[4 * m + 3] = 2 * Math.PI * random.NextDouble();
        }
        return w;
    }

    private static double Evaluate(double[] w, double x, double y)
    {
        double s = 0;
        for (int m = 0; m < Modes; m++)
            s += w[4 * m + 2] * Math.Sin(2 * Math.PI * (w[4 * m] * x + w[4 * m + 1] * y) + w[4 * m + 3]);
        return s;
    }
}
