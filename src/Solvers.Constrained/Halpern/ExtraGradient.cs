namespace Solvers.Constrained.Halpern;

/// <summary>
/// Extragradient (Korpelevich 1976): u' = J(u - eta F(u)), u+ = J(u - eta F(u')); and with anchoring the
/// extra-anchored gradient EAG (Yoon and Ryu 2021): both points start from u + beta_k (u_0 - u), beta_k = 1/(k+2).
/// 2n calls per step.
/// </summary>
internal static class ExtraGradient
{
    public static void Run(MinMaxProblem problem, double eta, Span<double> u, RunRecorder recorder, bool anchored)
    {
        var op = problem.Operator;
        int d = u.Length;
        var anchor = u.ToArray();
        var basePoint = new double[d];
        var half = new double[d];
        var f = new double[d];
        if (!recorder.Continue(u)) return;
        for (int k = 0; ; k++)
        {
            double beta = anchored ? 1.0 / (k + 2) : 0.0;
            for (int i = 0; i < d; i++) basePoint[i] = u[i] + beta * (anchor[i] - u[i]);
            op.Evaluate(u, f);
            for (int i = 0; i < d; i++) half[i] = basePoint[i] - eta * f[i];
            MinMaxSolver.Resolve(problem, half, eta);
            op.Evaluate(half, f);
            for (int i = 0; i < d; i++) u[i] = basePoint[i] - eta * f[i];
            MinMaxSolver.Resolve(problem, u, eta);
            recorder.Iterations++;
            if (!recorder.Continue(u)) return;
        }
    }
}
