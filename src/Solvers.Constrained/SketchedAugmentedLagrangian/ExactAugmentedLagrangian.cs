using Solvers.Constrained.Problems;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// The exact augmented Lagrangian merit function of Hong, Na, Mahoney and Kolar (ICML 2023), brief section 4:
/// L_{mu,nu}(x, lambda) = L + (mu/2)||c||^2 + (nu/2)||grad_x L||^2, with gradient
/// grad_x = grad_x L + mu G^T c + nu H grad_x L and grad_lambda = c + nu G grad_x L, where H is the Hessian of
/// the Lagrangian (not of f alone, unlike the reference code).
/// </summary>
public static class ExactAugmentedLagrangian
{
    /// <summary>L_{mu,nu}(x, lambda).</summary>
    public static double Value(IConstrainedProblem problem, double[] x, double[] multipliers, double mu, double nu)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return NlpPoint.Evaluate(problem, x, multipliers).Merit(mu, nu);
    }

    /// <summary>Writes grad_x L_{mu,nu} and grad_lambda L_{mu,nu} at (x, lambda).</summary>
    public static void Gradient(IConstrainedProblem problem, double[] x, double[] multipliers, double mu, double nu,
        Span<double> gradientX, Span<double> gradientLambda)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var point = NlpPoint.Evaluate(problem, x, multipliers);
        var h = problem.LagrangianHessian(x, multipliers);
        Gradient(point, h, mu, nu, gradientX, gradientLambda);
    }

    internal static void Gradient(NlpPoint point, DerivativeMatrix hessian, double mu, double nu, Span<double> gradientX, Span<double> gradientLambda)
    {
        int n = point.X.Length, m = point.C.Length;
        if (gradientX.Length != n) throw new ArgumentException($"gradientX has length {gradientX.Length}; expected {n}.", nameof(gradientX));
        if (gradientLambda.Length != m) throw new ArgumentException($"gradientLambda has length {gradientLambda.Length}; expected {m}.", nameof(gradientLambda));
        var hg = new double[n];
        hessian.Apply(point.GradLx, hg);
        var gtc = new double[n];
        point.Jacobian!.ApplyTranspose(point.C, gtc);
        var gg = new double[m];
        point.Jacobian.Apply(point.GradLx, gg);
        for (int i = 0; i < n; i++) gradientX[i] = point.GradLx[i] + mu * gtc[i] + nu * hg[i];
        for (int j = 0; j < m; j++) gradientLambda[j] = point.C[j] + nu * gg[j];
    }
}
