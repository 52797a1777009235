namespace Solvers.Constrained.Halpern;

/// <summary>
/// Algorithm 2 of Cai, Alacaoglu and Diakonikolas (ICLR 2024): Halpern on the resolvent,
/// u_{k+1} = lambda_k u_0 + (1 - lambda_k) v_k with lambda_k = 1/(k+2) and v_k ~ J_{eta(F+G)}(u_k), the strongly monotone
/// subproblem 0 in Phi(v) + eta G(v), Phi(v) = eta F(v) + v - u_k, solved by M_k = floor(0.05 n log(k+2)) steps of
/// loopless VR-FoRB (Alacaoglu and Malitsky 2022): v_bar = alpha v + (1 - alpha) w, g = Phi(w) + Phi_i(v) - Phi_i(w_prev),
/// v = J(v_bar - gamma g), w = v with probability p. Warm-started from the previous v.
/// </summary>
internal static class InexactHalpern
{
    public static void Run(MinMaxProblem problem, double eta, double gamma, double p, Span<double> u, RunRecorder recorder, Random rng)
    {
        var op = problem.Operator;
        int n = op.ComponentCount, d = u.Length;
        double alpha = 1 - p;
        var anchor = u.ToArray();
        var v = u.ToArray();
        var w = new double[d];
        var wPrevious = new double[d];
        var phiW = new double[d];
        var g = new double[d];
        var outer = u.ToArray();
        if (!recorder.Continue(u)) return;
        for (int k = 0; ; k++)
        {
            u.CopyTo(outer);
            int inner = Math.Max(1, (int)Math.Floor(0.05 * n * Math.Log(k + 2)));
            v.CopyTo(w, 0);
            v.CopyTo(wPrevious, 0);
            Snapshot(op, eta, w, outer, phiW);
            for (int t = 0; t < inner && recorder.HasBudget; t++)
            {
                int i = rng.Next(n);
                phiW.CopyTo(g, 0);
                op.AddComponentDifference(i, v, wPrevious, eta, g);
                for (int j = 0; j < d; j++)
                {
                    g[j] += v[j] - wPrevious[j];
                    v[j] = alpha * v[j] + (1 - alpha) * w[j] - gamma * g[j];
                }
                MinMaxSolver.Resolve(problem, v, gamma * eta);
                w.CopyTo(wPrevious, 0);
                if (rng.NextDouble() < p)
                {
                    v.CopyTo(w, 0);
                    Snapshot(op, eta, w, outer, phiW);
                }
            }
            double lambda = 1.0 / (k + 2);
            for (int j = 0; j < d; j++) u[j] = lambda * anchor[j] + (1 - lambda) * v[j];
            recorder.Iterations++;
            if (!recorder.Continue(u)) return;
        }
    }

    /// <summary>phi = eta F(w) + w - u (n calls).</summary>
    private static void Snapshot(FiniteSumOperator op, double eta, double[] w, double[] u, double[] phi)
    {
        op.Evaluate(w, phi);
        for (int j = 0; j < w.Length; j++) phi[j] = eta * phi[j] + w[j] - u[j];
    }
}
