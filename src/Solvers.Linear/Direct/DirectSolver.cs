using System.Diagnostics;
using Solvers.Linear.Kernels;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Direct;

/// <summary>
/// One entry point for the sparse direct methods: factor, solve, optionally refine, and report the fill, the
/// timings and the residual. Switching method is one word, as for <see cref="Krylov.IterativeSolver"/>.
/// </summary>
/// <remarks>
/// Failures of the factorisation are exceptions that name the column: <see cref="MatrixNotPositiveDefiniteException"/>
/// (Cholesky on a matrix that is not positive definite) and <see cref="SingularMatrixException"/> (structurally or
/// numerically singular). Both derive from <see cref="ArithmeticException"/>.
/// </remarks>
public static class DirectSolver
{
    /// <summary>Solves A x = b with <paramref name="method"/>; <paramref name="x"/> is output only.</summary>
    /// <exception cref="ArgumentException">Sizes disagree, b has a NaN/Inf, options are invalid, or (Cholesky/LDL^T with
    /// <see cref="DirectSolverOptions.CheckSymmetry"/>) A is not symmetric.</exception>
    /// <exception cref="MatrixNotPositiveDefiniteException">Cholesky met a pivot that is not positive.</exception>
    /// <exception cref="SingularMatrixException">A is singular.</exception>
    public static DirectSolveResult Solve(DirectMethod method, CsrMatrix a, ReadOnlySpan<double> b, Span<double> x, DirectSolverOptions? options = null)
    {
        options ??= DirectSolverOptions.Default;
        SparseCholesky.CheckSquare(a);
        if (b.Length != a.RowCount)
            throw new ArgumentException($"Right-hand side has length {b.Length}; the matrix has {a.RowCount} rows.", nameof(b));
        if (x.Length != a.ColumnCount)
            throw new ArgumentException($"Solution vector has length {x.Length}; the matrix has {a.ColumnCount} columns.", nameof(x));
        int bad = Blas1.FirstNonFinite(b);
        if (bad >= 0) throw new ArgumentException($"Right-hand side entry {bad} is {b[bad]}.", nameof(b));
        var factor = Factorize(method, a, options);

        var clock = Stopwatch.StartNew();
        int steps = 0;
        if (options.RefinementSteps > 0)
            steps = factor.SolveRefined(a, b, x, options.RefinementSteps, options.RefinementTolerance).Steps;
        else
            factor.Solve(b, x);
        double solveSeconds = clock.Elapsed.TotalSeconds;

        var r = new double[a.RowCount];
        double rNorm = InputChecks.Residual(a, b, x, r, threads: 1);
        double bNorm = Blas1.Norm2(b);
        return new DirectSolveResult
        {
            Method = factor.Method,
            Ordering = Name(options.Ordering),
            FactorNonZeroCount = factor.NonZeroCount,
            FlopCount = factor.FlopCount,
            AnalyzeSeconds = factor.AnalyzeSeconds,
            NumericFactorSeconds = factor.FactorSeconds,
            SolveSeconds = solveSeconds,
            ResidualNorm = rNorm,
            RelativeResidual = bNorm == 0 ? rNorm : rNorm / bNorm,
            RefinementSteps = steps,
            Factor = factor,
        };
    }

    /// <summary>Analysis and numeric factorisation of <paramref name="a"/> by <paramref name="method"/>.</summary>
    /// <exception cref="ArgumentException">A is not square, options are invalid, or (Cholesky/LDL^T with
    /// <see cref="DirectSolverOptions.CheckSymmetry"/>) A is not symmetric.</exception>
    /// <exception cref="MatrixNotPositiveDefiniteException">Cholesky met a pivot that is not positive.</exception>
    /// <exception cref="SingularMatrixException">A is singular.</exception>
    public static SparseFactor Factorize(DirectMethod method, CsrMatrix a, DirectSolverOptions? options = null)
    {
        options ??= DirectSolverOptions.Default;
        options.Validate();
        SparseCholesky.CheckSquare(a);
        if (method is DirectMethod.Cholesky or DirectMethod.Ldlt && options.CheckSymmetry)
        {
            double defect = a.SymmetryDefect();
            if (defect > 1e-10)
                throw new ArgumentException(
                    $"{Name(method)} needs a symmetric matrix (only the lower triangle is read); this one has relative asymmetry {defect:G3}. Use LU (--method lu).", nameof(a));
        }
        return method switch
        {
            DirectMethod.Cholesky => SparseCholesky.Analyze(a, options.Ordering).Factorize(a),
            DirectMethod.Ldlt => SparseLdlt.Analyze(a, options.Ordering).FactorizeLdlt(a),
            DirectMethod.Lu => SparseLu.Analyze(a, options.Ordering, options.LuStrategy).Factorize(a, options.PivotTolerance),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown direct method."),
        };
    }

    /// <summary>Parses cholesky, ldlt (or ldl) and lu, case-insensitively.</summary>
    /// <exception cref="ArgumentException">The name is none of these.</exception>
    public static DirectMethod Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "cholesky" or "chol" => DirectMethod.Cholesky,
            "ldlt" or "ldl" => DirectMethod.Ldlt,
            "lu" => DirectMethod.Lu,
            _ => throw new ArgumentException($"Unknown direct method '{name}'; expected cholesky, ldlt or lu.", nameof(name)),
        };
    }

    /// <summary>True when <paramref name="name"/> names a direct method (so a CLI can route --method to this class).</summary>
    public static bool IsDirectMethod(string name) =>
        name is not null && name.ToLowerInvariant() is "cholesky" or "chol" or "ldlt" or "ldl" or "lu";

    /// <summary>The CLI name of a method.</summary>
    public static string Name(DirectMethod method) => method switch
    {
        DirectMethod.Cholesky => "cholesky",
        DirectMethod.Ldlt => "ldlt",
        DirectMethod.Lu => "lu",
        _ => method.ToString().ToLowerInvariant(),
    };

    /// <summary>The CLI name of an ordering.</summary>
    public static string Name(OrderingMethod ordering) => ordering switch
    {
        OrderingMethod.Amd => "amd",
        OrderingMethod.ReverseCuthillMcKee => "rcm",
        OrderingMethod.Natural => "natural",
        _ => ordering.ToString().ToLowerInvariant(),
    };
}
