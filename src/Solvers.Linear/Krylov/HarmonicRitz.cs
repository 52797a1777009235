using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Solvers.Linear.Krylov;

/// <summary>
/// Selection of harmonic Ritz vectors for GCRO-DR's deflation space (Parks, de Sturler et al. 2006, Sec. 2.2/2.4):
/// eigenvectors of a small dense (generalised) eigenproblem whose eigenvalues are smallest in modulus.
/// </summary>
internal static class HarmonicRitz
{
    /// <summary>
    /// Real basis (columns) of the eigenvectors of <paramref name="a"/> z = theta <paramref name="b"/> z belonging to the
    /// <paramref name="count"/> eigenvalues of smallest modulus. A complex pair contributes its real and imaginary
    /// parts, and is dropped whole when only one of them would fit. No columns when the small problem has no finite
    /// answer (a singular <paramref name="b"/>, or a non-finite entry, as after a breakdown on a singular operator).
    /// </summary>
    public static Matrix<double> SmallestVectors(Matrix<double> a, Matrix<double>? b, int count)
    {
        var none = Matrix<double>.Build.Dense(a.RowCount, 0);
        if (!AllFinite(a)) return none;
        var problem = b is null ? a : b.Solve(a);
        if (!AllFinite(problem)) return none;
        MathNet.Numerics.LinearAlgebra.Factorization.Evd<double> evd;
        try
        {
            evd = problem.Evd(Symmetricity.Asymmetric);
        }
        catch (NonConvergenceException)
        {
            return none;
        }
        if (!AllFinite(evd.EigenVectors)) return none;
        var values = evd.EigenValues;
        var vectors = evd.EigenVectors;
        int n = values.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => values[i].Magnitude).ToList();
        var chosen = new List<int>();
        var taken = new bool[n];
        foreach (int i in order)
        {
            if (taken[i] || chosen.Count >= count) continue;
            if (values[i].Imaginary == 0 || !double.IsFinite(values[i].Imaginary))
            {
                chosen.Add(i);
                taken[i] = true;
                continue;
            }
            // Complex pair: its real and imaginary parts sit in adjacent columns (real first).
            int first = values[i].Imaginary > 0 ? i : i - 1;
            if (first < 0 || first + 1 >= n) continue;
            taken[first] = taken[first + 1] = true;
            if (chosen.Count + 2 > count) continue;
            chosen.Add(first);
            chosen.Add(first + 1);
        }
        var result = Matrix<double>.Build.Dense(a.RowCount, chosen.Count);
        for (int c = 0; c < chosen.Count; c++) result.SetColumn(c, vectors.Column(chosen[c]));
        return result;
    }

    private static bool AllFinite(Matrix<double> m)
    {
        foreach (double v in m.Enumerate())
            if (!double.IsFinite(v)) return false;
        return true;
    }
}
