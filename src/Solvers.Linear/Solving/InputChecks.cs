using Solvers.Linear.Kernels;
using Solvers.Linear.Operators;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Solving;

/// <summary>Argument checks shared by the solvers: caller mistakes become ArgumentExceptions that say what and where.</summary>
internal static class InputChecks
{
    public static void SquareSystem(ILinearOperator a, ReadOnlySpan<double> b, ReadOnlySpan<double> x)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.RowCount != a.ColumnCount)
            throw new ArgumentException($"The matrix must be square; it is {a.RowCount} x {a.ColumnCount}.", nameof(a));
        if (b.Length != a.RowCount)
            throw new ArgumentException($"Right-hand side has length {b.Length}; the matrix has {a.RowCount} rows.", nameof(b));
        if (x.Length != a.ColumnCount)
            throw new ArgumentException($"Solution vector has length {x.Length}; the matrix has {a.ColumnCount} columns.", nameof(x));
        int bad = Blas1.FirstNonFinite(b);
        if (bad >= 0) throw new ArgumentException($"Right-hand side entry {bad} is {b[bad]}.", nameof(b));
        bad = Blas1.FirstNonFinite(x);
        if (bad >= 0) throw new ArgumentException($"Initial guess entry {bad} is {x[bad]}.", nameof(x));
    }

    /// <summary>Checks the preconditioner's size; the identity is returned as null so methods skip it.</summary>
    public static IPreconditioner? EffectivePreconditioner(ILinearOperator a, IPreconditioner? m)
    {
        if (m is not null && m.Size != a.RowCount)
            throw new ArgumentException($"Preconditioner has size {m.Size}; the matrix has {a.RowCount} rows.", "preconditioner");
        return m is IdentityPreconditioner ? null : m;
    }

    /// <summary>Rejects a preconditioner that is not symmetric where the method needs an SPD one (CG).</summary>
    public static void SymmetricPreconditioner(IPreconditioner? m, string method)
    {
        if (m is not null && !m.IsSymmetric)
            throw new ArgumentException($"{method} needs a symmetric positive definite preconditioner; '{m.Name}' is not symmetric. "
                + "Use its symmetric form (ssor for sor), or GMRES / BiCGStab, which take any preconditioner.", "preconditioner");
    }

    /// <summary>Rejects a CSR matrix that cannot be SPD: asymmetric, or a diagonal entry that is not positive.</summary>
    public static void SymmetricPositiveDiagonal(CsrMatrix a, string method)
    {
        double defect = a.SymmetryDefect();
        if (defect > 1e-10)
            throw new ArgumentException($"{method} needs a symmetric positive definite matrix; this one is not symmetric (max |a_ij - a_ji| / max |a_ij| = {defect:G3}). Use GMRES or BiCGStab.", nameof(a));
        var values = a.Values;
        for (int i = 0; i < a.RowCount; i++)
        {
            int k = a.IndexOf(i, i);
            double d = k >= 0 ? values[k] : 0.0;
            if (!(d > 0))
                throw new ArgumentException($"{method} needs a symmetric positive definite matrix; diagonal entry ({i}, {i}) is {d}.", nameof(a));
        }
    }

    /// <summary>y = A x using the CSR threaded kernel where the operator allows it.</summary>
    public static void Apply(ILinearOperator a, ReadOnlySpan<double> x, Span<double> y, int threads)
    {
        if (threads > 1 && a is CsrMatrix csr) csr.ApplyParallel(x, y, threads);
        else a.Apply(x, y);
    }

    /// <summary>r = b - A x; returns ||r||.</summary>
    public static double Residual(ILinearOperator a, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> r, int threads)
    {
        Apply(a, x, r, threads);
        Blas1.Subtract(b, r, r);
        return Blas1.Norm2(r);
    }
}
