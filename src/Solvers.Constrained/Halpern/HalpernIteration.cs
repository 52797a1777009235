namespace Solvers.Constrained.Halpern;

/// <summary>Applies a map T: writes T(u) into the output span.</summary>
public delegate void FixedPointMap(ReadOnlySpan<double> u, Span<double> result);

/// <summary>
/// Classical Halpern iteration u_{k+1} = lambda_k u_0 + (1 - lambda_k) T(u_k), lambda_k = 1/(k+2), for a nonexpansive
/// T with a fixed point. Tight last-iterate rate (Lieder 2021): ||u_k - T u_k|| &lt;= 2 ||u_0 - u*|| / (k+1).
/// </summary>
public static class HalpernIteration
{
    /// <summary>
    /// Runs <paramref name="iterations"/> Halpern steps from <paramref name="u"/> (u_0 in, u_K out) and returns the fixed-point
    /// residuals ||u_k - T u_k|| for k = 0..K.
    /// </summary>
    /// <exception cref="ArgumentException">iterations is negative.</exception>
    public static double[] FixedPoint(FixedPointMap t, Span<double> u, int iterations)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (iterations < 0) throw new ArgumentException($"iterations must be non-negative, was {iterations}.", nameof(iterations));
        var anchor = u.ToArray();
        var tu = new double[u.Length];
        var residuals = new double[iterations + 1];
        for (int k = 0; ; k++)
        {
            t(u, tu);
            double r = 0;
            for (int i = 0; i < u.Length; i++) r += (u[i] - tu[i]) * (u[i] - tu[i]);
            residuals[k] = Math.Sqrt(r);
            if (k == iterations) break;
            double lambda = 1.0 / (k + 2);
            for (int i = 0; i < u.Length; i++) u[i] = lambda * anchor[i] + (1 - lambda) * tu[i];
        }
        return residuals;
    }

    /// <summary>Halpern on T = J_{eta G}(I - eta F): one full evaluation (n calls) per step.</summary>
    internal static void RunInclusion(MinMaxProblem problem, double eta, Span<double> u, RunRecorder recorder)
    {
        var anchor = u.ToArray();
        var f = new double[u.Length];
        if (!recorder.Continue(u)) return;
        for (int k = 0; ; k++)
        {
            problem.Operator.Evaluate(u, f);
            for (int i = 0; i < u.Length; i++) f[i] = u[i] - eta * f[i];
            MinMaxSolver.Resolve(problem, f, eta);
            double lambda = 1.0 / (k + 2);
            for (int i = 0; i < u.Length; i++) u[i] = lambda * anchor[i] + (1 - lambda) * f[i];
            recorder.Iterations++;
            if (!recorder.Continue(u)) return;
        }
    }
}
