namespace Solvers.Constrained.Halpern;

/// <summary>Which generator draws the matrix-game weights w_j = |N(0,1)|.</summary>
public enum GameWeightSource
{
    /// <summary>.NET's seeded <see cref="Random"/> with Box-Muller (the toolkit's default instance).</summary>
    DotNet,

    /// <summary>
    /// Bit for bit the authors' reference script: <c>np.random.seed(seed); np.abs(np.random.randn(n))</c> (NumPy's legacy
    /// MT19937 generator and polar Gaussian). For seed 1 this is the instance of the paper's figure.
    /// </summary>
    NumPy,
}

/// <summary>The two test problems of Cai et al. (2024), section 7 of the design brief, built from their stated construction.</summary>
public static class MinMaxProblems
{
    /// <summary>
    /// Nemirovski's "policeman and burglar" matrix game min_{x in simplex} max_{y in simplex} y^T A x with
    /// A_ij = w_j (1 - exp(-theta |i - j|)), w_j = |N(0,1)| drawn with <paramref name="seed"/> from <paramref name="weights"/>; u = (x, y),
    /// F(u) = (A^T y, -A x), component i = (x_i, y_i) columns; start at the uniform point. Steps from the scripts:
    /// EG and EAG 5/||A||_2 (scaled down if needed, see remarks), VR-EG 3 sqrt(p)/||A||_F, Alg. 1 5/||A||_F, Alg. 2
    /// eta = sqrt(n)/||A||_F with inner step 5 sqrt(p(1-p))/(sqrt(n)+1), p = 1/n.
    /// </summary>
    /// <exception cref="ArgumentException">n &lt; 2, theta not positive, or a negative seed with <see cref="GameWeightSource.NumPy"/>.</exception>
    public static MinMaxProblem MatrixGame(int n = 500, double theta = 0.8, int seed = 1, GameWeightSource weights = GameWeightSource.DotNet)
    {
        if (n < 2) throw new ArgumentException($"n must be at least 2, was {n}.", nameof(n));
        if (!(theta > 0)) throw new ArgumentException($"theta must be positive, was {theta}.", nameof(theta));
        var w = MatrixGameWeights(n, seed, weights);
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) a[i, j] = w[j] * (1 - Math.Exp(-theta * Math.Abs(i - j)));
        int d = 2 * n;
        var m = new double[d * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                m[j * d + n + i] = a[i, j];      // (A^T y)_j
                m[(n + i) * d + j] = -a[i, j];   // (-A x)_i
            }
        var groups = Enumerable.Range(0, n).Select(i => new[] { i, n + i }).ToArray();
        var op = new LinearFiniteSum(d, m, new double[d], groups);
        double frobenius = 0;
        foreach (double v in a) frobenius += v * v;
        frobenius = Math.Sqrt(frobenius);
        double spectral = SpectralNorm(a);
        double p = 1.0 / n;
        var steps = new MethodSteps(
            ExtraGradient: 5 / spectral, ExtraAnchoredGradient: 5 / spectral, VrExtraGradient: 3 * Math.Sqrt(p) / frobenius,
            Halpern: 1 / spectral, VrHalpern: 5 / frobenius, InexactHalpernEta: Math.Sqrt(n) / frobenius,
            InexactHalpernInner: 5 * Math.Sqrt(p * (1 - p)) / (Math.Sqrt(n) + 1));
        var u0 = Enumerable.Repeat(1.0 / n, d).ToArray();
        return new MinMaxProblem("matrix-game", op, new SimplexProductProjection(n, n), u0, steps);
    }

    /// <summary>
    /// The quadratic saddle-point hard instance (Ouyang and Xu type): A = 1/4 (anti-diagonal ones, minus ones just
    /// left of it), H = 2 A^T A, b = 1/4 * ones, h = 1/4 e_n; F(x, y) = (H x - h - A^T y, A x - b), unconstrained;
    /// component i = columns i and n + i of [H, -A^T; A, 0]. Start at 1/n. Steps from the scripts: EG 0.5, EAG 0.3,
    /// VR-EG 0.01, Alg. 1 0.3, Alg. 2 eta = sqrt(n), inner 0.001.
    /// </summary>
    /// <exception cref="ArgumentException">n &lt; 2.</exception>
    public static MinMaxProblem Quadratic(int n = 200)
    {
        if (n < 2) throw new ArgumentException($"n must be at least 2, was {n}.", nameof(n));
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            a[i, n - 1 - i] = 0.25;
            if (n - 2 - i >= 0) a[i, n - 2 - i] = -0.25;
        }
        int d = 2 * n;
        var m = new double[d * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double h = 0;
                for (int k = 0; k < n; k++) h += a[k, i] * a[k, j];
                m[i * d + j] = 2 * h;              // H
                m[i * d + n + j] = -a[j, i];       // -A^T
                m[(n + i) * d + j] = a[i, j];      // A
            }
        var c = new double[d];
        c[n - 1] = 0.25;                           // h = e_n / 4
        for (int i = 0; i < n; i++) c[n + i] = 0.25; // b
        var groups = Enumerable.Range(0, n).Select(i => new[] { i, n + i }).ToArray();
        var op = new LinearFiniteSum(d, m, c, groups);
        var steps = new MethodSteps(0.5, 0.3, 0.01, 0.3, 0.3, Math.Sqrt(n), 0.001);
        var u0 = Enumerable.Repeat(1.0 / n, d).ToArray();
        return new MinMaxProblem("quadratic", op, IdentityResolvent.Instance, u0, steps);
    }

    /// <summary>
    /// A synthetic cocoercive finite sum with a component constant L = 1 that does not depend on n (claim 5 of the
    /// design brief: the scaling in n of Algorithm 1 against EAG): F_i(u) = A_i^T (A_i u - b_i), unconstrained, with
    /// A_i = G_i diag(s) / ||G_i diag(s)||_2, G_i an m x d block of N(0,1) entries, column scales
    /// s_j = 10^(-j/(d-1)) (so the mean Jacobian is ill-conditioned and the 1/k phase of the anchored methods is
    /// reached), b_i = A_i x + noise N(0, noise^2), x ~ N(0, I_d). Every F_i is the gradient of a convex quadratic with
    /// ||A_i^T A_i||_2 = 1, hence 1-cocoercive and 1-Lipschitz, and F = mean F_i is 1-cocoercive. The random stream
    /// draws x first and then the blocks in order, so for one seed the instance with n components is the first n
    /// blocks of any larger one: growing n adds components to the same problem rather than drawing a new one. Start
    /// at u_0 = 0. Steps (all from L = 1, the same for every n): EG, EAG and classical Halpern 0.5, Alg. 1 0.5, VR-EG
    /// 0.5 sqrt(1/n), Alg. 2 eta = sqrt(n) with inner step 0.5 / (1 + sqrt n).
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive, or noise is negative or not finite.</exception>
    public static MinMaxProblem CocoerciveLeastSquares(int n, int d = 50, int rows = 5, double noise = 0.1, int seed = 1)
    {
        if (n < 1) throw new ArgumentException($"n must be positive, was {n}.", nameof(n));
        if (d < 2) throw new ArgumentException($"d must be at least 2, was {d}.", nameof(d));
        if (rows < 1) throw new ArgumentException($"rows must be positive, was {rows}.", nameof(rows));
        if (!(noise >= 0) || double.IsInfinity(noise)) throw new ArgumentException($"noise must be finite and non-negative, was {noise}.", nameof(noise));
        var rng = new Random(seed);
        var x = Enumerable.Range(0, d).Select(_ => Gaussian(rng)).ToArray();
        var scales = Enumerable.Range(0, d).Select(j => Math.Pow(10, -(double)j / (d - 1))).ToArray();
        var stacked = new double[(long)n * rows * d];
        var rhs = new double[n * rows];
        var block = new double[rows, d];
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < d; j++) block[r, j] = Gaussian(rng) * scales[j];
            // normalising every block to spectral norm 1 gives each component exactly the constant L = 1
            double norm = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(block).L2Norm();
            for (int r = 0; r < rows; r++)
            {
                double ax = 0;
                for (int j = 0; j < d; j++)
                {
                    double a = block[r, j] / norm;
                    stacked[((long)i * rows + r) * d + j] = a;
                    ax += a * x[j];
                }
                rhs[i * rows + r] = ax + noise * Gaussian(rng);
            }
        }
        var op = new BlockLeastSquaresFiniteSum(n, rows, d, stacked, rhs);
        var steps = new MethodSteps(ExtraGradient: 0.5, ExtraAnchoredGradient: 0.5, VrExtraGradient: 0.5 * Math.Sqrt(1.0 / n), Halpern: 0.5,
            VrHalpern: 0.5, InexactHalpernEta: Math.Sqrt(n), InexactHalpernInner: 0.5 / (1 + Math.Sqrt(n)));
        return new MinMaxProblem("cocoercive", op, IdentityResolvent.Instance, new double[d], steps);
    }

    /// <summary>The matrix-game weights w_j = |N(0,1)|, j &lt; n, drawn from <paramref name="source"/> seeded with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">n &lt; 1, or a negative seed with <see cref="GameWeightSource.NumPy"/> (NumPy rejects it too).</exception>
    public static double[] MatrixGameWeights(int n, int seed, GameWeightSource source = GameWeightSource.DotNet)
    {
        if (n < 1) throw new ArgumentException($"n must be positive, was {n}.", nameof(n));
        var w = new double[n];
        switch (source)
        {
            case GameWeightSource.DotNet:
                var rng = new Random(seed);
                for (int j = 0; j < n; j++) w[j] = Math.Abs(Gaussian(rng));
                break;
            case GameWeightSource.NumPy:
                if (seed < 0) throw new ArgumentException($"A NumPy seed must be non-negative, was {seed}.", nameof(seed));
                var mt = new NumPyLegacyRandom((uint)seed);
                for (int j = 0; j < n; j++) w[j] = Math.Abs(mt.NextGaussian());
                break;
            default: throw new ArgumentException($"Unknown weight source {source}.", nameof(source));
        }
        return w;
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>||A||_2 by power iteration on A^T A (200 steps).</summary>
    private static double SpectralNorm(double[,] a)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        var v = Enumerable.Repeat(1.0 / Math.Sqrt(n), n).ToArray();
        var w = new double[m];
        double sigma = 0;
        for (int it = 0; it < 200; it++)
        {
            for (int i = 0; i < m; i++) { double s = 0; for (int j = 0; j < n; j++) s += a[i, j] * v[j]; w[i] = s; }
            var z = new double[n];
            for (int j = 0; j < n; j++) { double s = 0; for (int i = 0; i < m; i++) s += a[i, j] * w[i]; z[j] = s; }
            double norm = Math.Sqrt(z.Sum(t => t * t));
            if (norm == 0) return 0;
            sigma = Math.Sqrt(norm);
            for (int j = 0; j < n; j++) v[j] = z[j] / norm;
        }
        return sigma;
    }
}
