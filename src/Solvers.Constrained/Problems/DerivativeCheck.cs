namespace Solvers.Constrained.Problems;

/// <summary>The worst disagreement found between one supplied derivative and its finite-difference estimate.</summary>
/// <param name="What">"gradient", "jacobian" or "hessian".</param>
/// <param name="Row">Row of the worst entry (0 for the gradient).</param>
/// <param name="Column">Column of the worst entry.</param>
/// <param name="Supplied">The supplied value there.</param>
/// <param name="Estimated">The central-difference estimate there.</param>
/// <param name="Error">|Supplied - Estimated| / max(1, |Estimated|).</param>
public sealed record DerivativeError(string What, int Row, int Column, double Supplied, double Estimated, double Error)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{What}[{Row}, {Column}]: supplied {Supplied:G10}, finite difference {Estimated:G10}, error {Error:G3}";
}

/// <summary>The result of <c>DerivativeCheck.Run</c>: the worst entry of each derivative.</summary>
/// <param name="Gradient">Worst gradient entry.</param>
/// <param name="Jacobian">Worst Jacobian entry (null when m = 0).</param>
/// <param name="Hessian">Worst Lagrangian-Hessian entry.</param>
public sealed record DerivativeReport(DerivativeError Gradient, DerivativeError? Jacobian, DerivativeError Hessian)
{
    /// <summary>The worst of the three.</summary>
    public DerivativeError Worst => new[] { Gradient, Jacobian, Hessian }.Where(e => e is not null).MaxBy(e => e!.Error)!;
}

/// <summary>
/// Finite-difference checker for user-supplied derivatives: central differences of f (gradient), of c (Jacobian,
/// column by column) and of the Lagrangian gradient (Hessian of the Lagrangian, via products with e_j), each
/// compared entry by entry with error |supplied - estimate| / max(1, |estimate|).
/// </summary>
public static class DerivativeCheck
{
    /// <summary>Checks the derivatives of <paramref name="problem"/> at x with multipliers lambda.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="x">Point (length n).</param>
    /// <param name="multipliers">Multipliers (length m) for the Hessian of the Lagrangian.</param>
    /// <param name="step">Relative difference step h; the step in x_j is h max(1, |x_j|).</param>
    public static DerivativeReport Run(IConstrainedProblem problem, ReadOnlySpan<double> x, ReadOnlySpan<double> multipliers, double step = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(problem);
        int n = problem.VariableCount, m = problem.ConstraintCount;
        if (x.Length != n) throw new ArgumentException($"x has length {x.Length}; {problem.Name} has {n} variables.", nameof(x));
        if (multipliers.Length != m) throw new ArgumentException($"{multipliers.Length} multipliers; {problem.Name} has {m} constraints.", nameof(multipliers));
        if (!(step > 0)) throw new ArgumentOutOfRangeException(nameof(step), step, "The step must be positive.");
        var point = x.ToArray();
        var lambda = multipliers.ToArray();

        var g = new double[n];
        problem.Gradient(point, g);
        var jac = m > 0 ? problem.Jacobian(point).ToDense() : null;
        var hess = problem.LagrangianHessian(point, lambda);

        var gradWorst = new DerivativeError("gradient", 0, 0, 0, 0, -1);
        DerivativeError? jacWorst = m > 0 ? new DerivativeError("jacobian", 0, 0, 0, 0, -1) : null;
        var hessWorst = new DerivativeError("hessian", 0, 0, 0, 0, -1);
        var cPlus = new double[m];
        var cMinus = new double[m];
        var lPlus = new double[n];
        var lMinus = new double[n];
        var e = new double[n];
        var hColumn = new double[n];
        for (int j = 0; j < n; j++)
        {
            double h = step * Math.Max(1, Math.Abs(point[j]));
            double saved = point[j];
            point[j] = saved + h;
            double fPlus = problem.Objective(point);
            problem.Constraints(point, cPlus);
            LagrangianGradient(problem, point, lambda, lPlus);
            point[j] = saved - h;
            double fMinus = problem.Objective(point);
            problem.Constraints(point, cMinus);
            LagrangianGradient(problem, point, lambda, lMinus);
            point[j] = saved;

            gradWorst = Worse(gradWorst, "gradient", 0, j, g[j], (fPlus - fMinus) / (2 * h));
            for (int i = 0; i < m; i++)
                jacWorst = Worse(jacWorst!, "jacobian", i, j, jac![i, j], (cPlus[i] - cMinus[i]) / (2 * h));
            e[j] = 1;
            hess.Apply(e, hColumn);
            e[j] = 0;
            for (int i = 0; i < n; i++)
                hessWorst = Worse(hessWorst, "hessian", i, j, hColumn[i], (lPlus[i] - lMinus[i]) / (2 * h));
        }
        return new DerivativeReport(gradWorst, jacWorst, hessWorst);
    }

    /// <summary>Checks at the problem's starting point with all multipliers equal to one.</summary>
    public static DerivativeReport Run(IConstrainedProblem problem, double step = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var lambda = new double[problem.ConstraintCount];
        Array.Fill(lambda, 1.0);
        return Run(problem, problem.InitialPoint(), lambda, step);
    }

    private static void LagrangianGradient(IConstrainedProblem problem, double[] x, double[] lambda, double[] result)
    {
        problem.Gradient(x, result);
        if (lambda.Length == 0) return;
        var jac = problem.Jacobian(x);
        var t = new double[x.Length];
        jac.ApplyTranspose(lambda, t);
        for (int i = 0; i < x.Length; i++) result[i] += t[i];
    }

    private static DerivativeError Worse(DerivativeError current, string what, int row, int column, double supplied, double estimated)
    {
        double error = Math.Abs(supplied - estimated) / Math.Max(1, Math.Abs(estimated));
        if (double.IsNaN(error)) error = double.PositiveInfinity;
        return error > current.Error ? new DerivativeError(what, row, column, supplied, estimated, error) : current;
    }
}
