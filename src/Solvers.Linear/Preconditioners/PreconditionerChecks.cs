using Solvers.Linear.Storage;

namespace Solvers.Linear.Preconditioners;

internal static class PreconditionerChecks
{
    public static void SquareWithNonzeroDiagonal(CsrMatrix a, string name)
    {
        if (!a.IsSquare)
            throw new ArgumentException($"{name} needs a square matrix; this one is {a.RowCount} x {a.ColumnCount}.", nameof(a));
        int row = a.FirstZeroDiagonal();
        if (row >= 0)
            throw new ArgumentException($"{name} needs a non-zero diagonal; entry ({row}, {row}) is zero or not stored.", nameof(a));
    }
}
