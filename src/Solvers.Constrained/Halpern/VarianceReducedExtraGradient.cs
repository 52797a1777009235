namespace Solvers.Constrained.Halpern;

/// <summary>
/// Loopless variance-reduced extragradient (Alacaoglu and Malitsky, COLT 2022): with snapshot w and alpha = 1 - p,
/// u_bar = alpha u + (1 - alpha) w, u' = J(u_bar - eta F(w)), u+ = J(u_bar - eta (F(w) + F_i(u') - F_i(w))), and
/// w = u+ with probability p (a full pass). 2 calls per step plus n per snapshot.
/// </summary>
internal static class VarianceReducedExtraGradient
{
    public static void Run(MinMaxProblem problem, double eta, double p, Span<double> u, RunRecorder recorder, Random rng)
    {
        var op = problem.Operator;
        int n = op.ComponentCount, d = u.Length;
        double alpha = 1 - p;
        var w = u.ToArray();
        var fw = new double[d];
        var bar = new double[d];
        var half = new double[d];
        var g = new double[d];
        op.Evaluate(w, fw);
        if (!recorder.Continue(u)) return;
        while (true)
        {
            for (int i = 0; i < d; i++)
            {
                bar[i] = alpha * u[i] + (1 - alpha) * w[i];
                half[i] = bar[i] - eta * fw[i];
            }
            MinMaxSolver.Resolve(problem, half, eta);
            fw.CopyTo(g.AsSpan());
            op.AddComponentDifference(rng.Next(n), half, w, 1.0, g);
            for (int i = 0; i < d; i++) u[i] = bar[i] - eta * g[i];
            MinMaxSolver.Resolve(problem, u, eta);
            if (rng.NextDouble() < p)
            {
                u.CopyTo(w);
                op.Evaluate(w, fw);
            }
            recorder.Iterations++;
            if (!recorder.Continue(u)) return;
        }
    }
}
