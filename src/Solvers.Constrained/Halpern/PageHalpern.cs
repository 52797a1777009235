namespace Solvers.Constrained.Halpern;

/// <summary>
/// Algorithm 1 of Cai, Alacaoglu and Diakonikolas (ICLR 2024): one-step Halpern
/// u_{k+1} = J_{eta G}(lambda_k u_0 + (1 - lambda_k) u_k - eta F~_k), lambda_k = 2/(k+4), with the PAGE estimator
/// F~_k: a full pass with probability p_k (always for k &lt;= 1; 4/(k+4) while k-1 &lt;= sqrt n; then 4/(sqrt n + 5)),
/// else F~_{k-1} + (1/b) sum_{i in S_k} (F_i(u_k) - F_i(u_{k-1})) over a minibatch of b indices drawn without replacement.
/// </summary>
internal static class PageHalpern
{
    public static void Run(MinMaxProblem problem, double eta, int batch, Span<double> u, RunRecorder recorder, Random rng)
    {
        var op = problem.Operator;
        int n = op.ComponentCount, d = u.Length;
        double sqrtN = Math.Sqrt(n);
        var anchor = u.ToArray();
        var previous = new double[d];
        var estimate = new double[d];
        var indices = Enumerable.Range(0, n).ToArray();
        op.Evaluate(u, estimate);
        if (!recorder.Continue(u)) return;
        for (int k = 0; ; )
        {
            u.CopyTo(previous);
            double lambda = 2.0 / (k + 4);
            for (int i = 0; i < d; i++) u[i] = lambda * anchor[i] + (1 - lambda) * previous[i] - eta * estimate[i];
            MinMaxSolver.Resolve(problem, u, eta);
            k++;
            recorder.Iterations = k;
            double p = k <= 1 ? 1.0 : k - 1 <= sqrtN ? 4.0 / (k + 4) : 4.0 / (sqrtN + 5);
            if (p >= 1 || rng.NextDouble() < p)
            {
                op.Evaluate(u, estimate);
            }
            else
            {
                double scale = 1.0 / batch;
                for (int s = 0; s < batch; s++)
                {
                    int pick = s + rng.Next(n - s);
                    (indices[s], indices[pick]) = (indices[pick], indices[s]);
                    op.AddComponentDifference(indices[s], u, previous, scale, estimate);
                }
            }
            if (!recorder.Continue(u)) return;
        }
    }
}
