namespace Solvers.Linear.Generators.Sequences;

/// <summary>
/// Darcy flow -div(K grad h) = 1 on the unit square with h = 0 on the boundary, K = exp(g) for a Gaussian random
/// field g (alpha = 2.5, tau = 7), five-point finite volumes with harmonic-mean face conductances on an n x n grid:
/// the SKR paper's Darcy data set. Symmetric positive definite.
/// </summary>
public static class DarcyFlow2D
{
    /// <summary><paramref name="count"/> independent systems; the parameters are the field's weighted KL coefficients.</summary>
    public static IEnumerable<LinearSystemInstance> Sequence(int n, int count, int seed, GaussianRandomField? field = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        field ??= new GaussianRandomField();
        var random = new Random(seed);
        double h = 1.0 / (n + 1);
        for (int t = 0; t < count; t++)
        {
            var coefficients = field.SampleCoefficients(random);
            var g = field.Evaluate(coefficients, n);
            var a = Diffusion.VariableCoefficient2D(n, g.Select(Math.Exp).ToArray());
            var b = new double[n * n];
            Array.Fill(b, h * h);
            yield return new LinearSystemInstance(a, b, coefficients, g.Average());
        }
    }
}
