namespace Solvers.Linear.Generators;

/// <summary>
/// A Gaussian random field on the unit square sampled by a truncated Karhunen–Loève (cosine) expansion,
/// g(x, y) = sum over modes (k1, k2) != (0, 0) of sigma (4 pi^2 |k|^2 + tau^2)^(-alpha/2) xi_k cos(pi k1 x) cos(pi k2 y),
/// xi_k ~ N(0, 1), sigma = tau^(alpha - 1): the spectrum used for the Darcy data of the neural-operator literature
/// (alpha = 2.5, tau = 7 in the SKR paper's Darcy set).
/// </summary>
public sealed class GaussianRandomField
{
    private readonly double[] _weights;

    /// <summary>A field with <paramref name="modes"/> x <paramref name="modes"/> cosine modes.</summary>
    public GaussianRandomField(int modes = 16, double alpha = 2.5, double tau = 7.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modes, 2);
        if (!(alpha > 0) || !(tau > 0)) throw new ArgumentOutOfRangeException(nameof(alpha), "alpha and tau must be positive.");
        Modes = modes;
        _weights = new double[modes * modes];
        double sigma = Math.Pow(tau, alpha - 1);
        for (int k1 = 0; k1 < modes; k1++)
            for (int k2 = 0; k2 < modes; k2++)
                if (k1 + k2 > 0)
                    _weights[k1 * modes + k2] = sigma * Math.Pow(4 * Math.PI * Math.PI * (k1 * k1 + k2 * k2) + tau * tau, -alpha / 2);
    }

    /// <summary>Modes per direction.</summary>
    public int Modes { get; }

    /// <summary>
    /// Weighted coefficients w_k xi_k of one sample. The cosine basis is orthogonal, so Euclidean distances between
    /// these vectors are (up to a constant) L2 distances between the fields: they serve as the sample's parameters.
    /// </summary>
    public double[] SampleCoefficients(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var c = new double[_weights.Length];
        for (int i = 0; i < c.Length; i++) c[i] = _weights[i] * Gaussian(random);
        return c;
    }

    /// <summary>The field of <paramref name="coefficients"/> at grid points x = (j + 1) h, y = (i + 1) h, h = 1 / (n + 1), row-major.</summary>
    public double[] Evaluate(ReadOnlySpan<double> coefficients, int n)
    {
        if (coefficients.Length != _weights.Length)
            throw new ArgumentException($"Expected {_weights.Length} coefficients, got {coefficients.Length}.", nameof(coefficients));
        double h = 1.0 / (n + 1);
        var cosX = new double[Modes, n];
        for (int k = 0; k < Modes; k++)
            for (int j = 0; j < n; j++)
                cosX[k, j] = Math.Cos(Math.PI * k * (j + 1) * h);
        // g(i, j) = sum_k1 cos(pi k1 y_i) * (sum_k2 c[k1, k2] cos(pi k2 x_j)): two small matrix products.
        var inner = new double[Modes, n];
        for (int k1 = 0; k1 < Modes; k1++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k2 = 0; k2 < Modes; k2++) s += coefficients[k1 * Modes + k2] * cosX[k2, j];
                inner[k1, j] = s;
            }
        var field = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k1 = 0; k1 < Modes; k1++) s += cosX[k1, i] * inner[k1, j];
                field[i * n + j] = s;
            }
        return field;
    }

    /// <summary>A standard normal deviate (Box–Muller).</summary>
    public static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
