using Solvers.Linear.Storage;

namespace Solvers.Linear.Stationary;

/// <summary>Argument checks and set-up shared by the relaxation solvers.</summary>
internal static class RelaxationSetup
{
    /// <summary>Rejects a relaxation factor outside (0, 2), where SOR and SSOR cannot converge for every SPD matrix.</summary>
    public static void CheckOmega(double omega, string method)
    {
        if (!(omega > 0 && omega < 2))
            throw new ArgumentOutOfRangeException(nameof(omega), omega, $"The {method} relaxation factor must lie in (0, 2).");
    }

    /// <summary>Position of a_ii in the values of every row; throws naming the first row whose diagonal is missing or zero.</summary>
    public static int[] DiagonalPositions(CsrMatrix a, string method)
    {
        var positions = new int[a.RowCount];
        var values = a.Values;
        for (int i = 0; i < a.RowCount; i++)
        {
            int k = a.IndexOf(i, i);
            if (k < 0 || values[k] == 0.0)
                throw new ArgumentException($"{method} needs a non-zero diagonal; entry ({i}, {i}) is zero or not stored.", nameof(a));
            positions[i] = k;
        }
        return positions;
    }
}
