namespace Solvers.Linear.Generators;

/// <summary>
/// A periodic Gaussian random field on an s x s grid of the unit torus (points (p / s, q / s)), sampled spectrally the
/// way the neural-operator Darcy data (and the SKR paper's scripts) do it:
/// g(p, q) = Re sum over k of sqrt(2) sigma (4 pi^2 |k|^2 + tau^2)^(-alpha/2) xi_k exp(2 pi i (k1 p + k2 q) / s),
/// with k over the s x s discrete frequencies (signed, |k_i| at most s / 2), the k = 0 term dropped, xi_k complex
/// standard normal (E|xi_k|^2 = 1) and sigma = tau^(alpha - 1) (the 2-D case of tau^((2 alpha - d) / 2)).
/// Each point then has mean 0 and variance sigma^2 sum over k != 0 of (4 pi^2 |k|^2 + tau^2)^(-alpha):
/// about 0.185^2 for alpha = 2.5, tau = 7 and s = 80.
/// </summary>
public sealed class PeriodicGaussianRandomField
{
    private readonly double[] _amplitude;   // sqrt(2) sigma (4 pi^2 |k|^2 + tau^2)^(-alpha/2), index k1 * s + k2
    private readonly double[] _cos, _sin;   // cos / sin(2 pi t / s), t = 0 .. s - 1

    /// <summary>A field on a <paramref name="size"/> x <paramref name="size"/> grid.</summary>
    public PeriodicGaussianRandomField(int size, double alpha = 2.5, double tau = 7.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        if (!(alpha > 0) || !(tau > 0)) throw new ArgumentOutOfRangeException(nameof(alpha), "alpha and tau must be positive.");
        Size = size;
        double sigma = Math.Pow(tau, alpha - 1);
        _amplitude = new double[size * size];
        for (int k1 = 0; k1 < size; k1++)
            for (int k2 = 0; k2 < size; k2++)
            {
                double f1 = Signed(k1, size), f2 = Signed(k2, size);
                if (k1 + k2 > 0)
                    _amplitude[k1 * size + k2] = Math.Sqrt(2) * sigma * Math.Pow(4 * Math.PI * Math.PI * (f1 * f1 + f2 * f2) + tau * tau, -alpha / 2);
            }
        _cos = new double[size];
        _sin = new double[size];
        for (int t = 0; t < size; t++)
        {
            _cos[t] = Math.Cos(2 * Math.PI * t / size);
            _sin[t] = Math.Sin(2 * Math.PI * t / size);
        }
    }

    /// <summary>Grid points per side.</summary>
    public int Size { get; }

    /// <summary>The point variance sigma^2 sum over k != 0 of (4 pi^2 |k|^2 + tau^2)^(-alpha) that every sample has in expectation.</summary>
    public double PointVariance => _amplitude.Sum(a => a * a) / 2;

    /// <summary>One sample, row-major (index p * s + q).</summary>
    public double[] Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int s = Size;
        // Coefficients c_k = amplitude_k xi_k, xi_k = (N(0,1) + i N(0,1)) / sqrt(2). Drawn for every k (also k = 0)
        // so that the random stream does not depend on which amplitudes vanish.
        var re = new double[s * s];
        var im = new double[s * s];
        for (int k = 0; k < s * s; k++)
        {
            double a = _amplitude[k] / Math.Sqrt(2);
            re[k] = a * GaussianRandomField.Gaussian(random);
            im[k] = a * GaussianRandomField.Gaussian(random);
        }
        // Separable inverse DFT, O(s^3): first over k2 (giving t[k1, q]), then over k1, keeping the real part.
        var tRe = new double[s * s];
        var tIm = new double[s * s];
        for (int k1 = 0; k1 < s; k1++)
            for (int q = 0; q < s; q++)
            {
                double sr = 0, si = 0;
                for (int k2 = 0; k2 < s; k2++)
                {
                    int phase = k2 * q % s;
                    double cr = re[k1 * s + k2], ci = im[k1 * s + k2];
                    sr += cr * _cos[phase] - ci * _sin[phase];
                    si += cr * _sin[phase] + ci * _cos[phase];
                }
                tRe[k1 * s + q] = sr;
                tIm[k1 * s + q] = si;
            }
        var g = new double[s * s];
        for (int p = 0; p < s; p++)
            for (int q = 0; q < s; q++)
            {
                double sum = 0;
                for (int k1 = 0; k1 < s; k1++)
                {
                    int phase = k1 * p % s;
                    sum += tRe[k1 * s + q] * _cos[phase] - tIm[k1 * s + q] * _sin[phase];
                }
                g[p * s + q] = sum;
            }
        return g;
    }

    /// <summary>The signed frequency of DFT index <paramref name="k"/>: 0, 1, ..., then negative from the middle on (numpy/torch order).</summary>
    private static int Signed(int k, int size) => k < size - size / 2 ? k : k - size;
}
