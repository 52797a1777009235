namespace Solvers.Constrained.Halpern;

/// <summary>Step sizes for each method, as tuned in the reference scripts of Cai et al. (2024) for a problem.</summary>
/// <param name="ExtraGradient">EG step.</param>
/// <param name="ExtraAnchoredGradient">EAG step.</param>
/// <param name="VrExtraGradient">VR-EG step.</param>
/// <param name="Halpern">Classical Halpern step eta in T = J(I - eta F).</param>
/// <param name="VrHalpern">Algorithm 1 step eta.</param>
/// <param name="InexactHalpernEta">Algorithm 2 resolvent parameter eta.</param>
/// <param name="InexactHalpernInner">Algorithm 2 inner VR-FoRB step gamma.</param>
public sealed record MethodSteps(double ExtraGradient, double ExtraAnchoredGradient, double VrExtraGradient, double Halpern,
    double VrHalpern, double InexactHalpernEta, double InexactHalpernInner)
{
    /// <summary>The step of <paramref name="method"/> (for Algorithm 2, eta).</summary>
    public double For(MinMaxMethod method) => method switch
    {
        MinMaxMethod.ExtraGradient => ExtraGradient,
        MinMaxMethod.ExtraAnchoredGradient => ExtraAnchoredGradient,
        MinMaxMethod.VrExtraGradient => VrExtraGradient,
        MinMaxMethod.Halpern => Halpern,
        MinMaxMethod.VrHalpern => VrHalpern,
        _ => InexactHalpernEta,
    };
}

/// <summary>A finite-sum monotone inclusion 0 in F(u) + G(u) with its starting point and default steps.</summary>
/// <param name="Name">Short name, e.g. "matrix-game".</param>
/// <param name="Operator">F = (1/n) sum F_i.</param>
/// <param name="Resolvent">J_{eta G}.</param>
/// <param name="InitialPoint">u_0 (also the Halpern anchor).</param>
/// <param name="Steps">Default step sizes per method.</param>
public sealed record MinMaxProblem(string Name, FiniteSumOperator Operator, IResolvent Resolvent, double[] InitialPoint, MethodSteps Steps)
{
    /// <summary>
    /// The natural (forward-backward) residual with eta = 1, as in the reference scripts: ||u - J(u - F(u))||
    /// (= ||F(u)|| when G = 0). Not counted as oracle calls.
    /// </summary>
    public double Residual(ReadOnlySpan<double> u)
    {
        var f = new double[u.Length];
        Operator.EvaluateUncounted(u, f);
        for (int k = 0; k < f.Length; k++) f[k] = u[k] - f[k];
        Resolvent.Apply(f, 1.0);
        double s = 0;
        for (int k = 0; k < f.Length; k++) s += (u[k] - f[k]) * (u[k] - f[k]);
        return Math.Sqrt(s);
    }
}
