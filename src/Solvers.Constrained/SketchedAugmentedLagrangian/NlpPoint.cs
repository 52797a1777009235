using Solvers.Constrained.Problems;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// First-order information at one primal-dual point (x, lambda): f, grad f, c, G, grad_x L = grad f + G^T lambda.
/// Finite flags whether every value came back finite.
/// </summary>
internal sealed class NlpPoint
{
    public required double[] X { get; init; }
    public required double[] Lambda { get; init; }
    public required double F { get; init; }
    public required double[] Gradient { get; init; }
    public required double[] C { get; init; }
    public required CsrMatrix? Jacobian { get; init; }
    public required double[] GradLx { get; init; }
    public required bool Finite { get; init; }

    public double StationarityNorm => Norm(GradLx);
    public double FeasibilityNorm => Norm(C);
    public double KktNorm => Math.Sqrt(Dot(GradLx, GradLx) + Dot(C, C));

    /// <summary>Evaluates f, grad f, c and G at (x, lambda).</summary>
    public static NlpPoint Evaluate(IConstrainedProblem problem, double[] x, double[] lambda)
    {
        int n = problem.VariableCount, m = problem.ConstraintCount;
        double f = problem.Objective(x);
        var g = new double[n];
        problem.Gradient(x, g);
        var c = new double[m];
        problem.Constraints(x, c);
        bool finite = double.IsFinite(f) && AllFinite(g) && AllFinite(c);
        CsrMatrix? jac = null;
        var gradLx = (double[])g.Clone();
        if (finite)
        {
            try
            {
                jac = m > 0 ? problem.Jacobian(x).ToCsr() : CsrMatrix.FromArrays(0, n, [0], [], []);
                if (jac.RowCount != m || jac.ColumnCount != n)
                    throw new InvalidOperationException($"{problem.Name}: the Jacobian is {jac.RowCount} x {jac.ColumnCount}; expected {m} x {n}.");
                var t = new double[n];
                jac.ApplyTranspose(lambda, t);
                for (int i = 0; i < n; i++) gradLx[i] += t[i];
            }
            catch (ArgumentException)
            {
                // A non-finite derivative entry (CSR storage rejects it).
                finite = false;
                jac = null;
            }
        }
        finite = finite && AllFinite(gradLx);
        return new NlpPoint { X = x, Lambda = lambda, F = f, Gradient = g, C = c, Jacobian = jac, GradLx = gradLx, Finite = finite };
    }

    /// <summary>L_{mu,nu} = f + lambda^T c + mu/2 ||c||^2 + nu/2 ||grad_x L||^2.</summary>
    public double Merit(double mu, double nu)
    {
        double cc = Dot(C, C);
        return F + Dot(Lambda, C) + 0.5 * mu * cc + 0.5 * nu * Dot(GradLx, GradLx);
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    public static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));

    private static bool AllFinite(ReadOnlySpan<double> a)
    {
        foreach (double v in a) if (!double.IsFinite(v)) return false;
        return true;
    }
}
