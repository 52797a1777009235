using MathNet.Numerics.LinearAlgebra.Double;
using Solvers.Linear.Krylov;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// The comparison inner solver: dense LU with partial pivoting (MathNet) when K has at most
/// <see cref="DenseLimit"/> rows, otherwise restarted GMRES on the sparse K to a 1e-12 relative residual.
/// </summary>
internal static class ExactKktSolver
{
    public const int DenseLimit = 3000;

    /// <summary>Solves K v = b; returns (inner iterations, flops, residual norm).</summary>
    public static (long Iterations, double Flops, double Residual) Solve(CsrMatrix k, double[] b, double[] v, CancellationToken token)
    {
        int n = k.RowCount;
        if (n <= DenseLimit)
        {
            var dense = k.ToMathNetDense();
            var x = dense.LU().Solve(DenseVector.OfArray(b));
            for (int i = 0; i < n; i++) v[i] = x[i];
            var r = new double[n];
            k.Apply(v, r);
            double norm = 0;
            for (int i = 0; i < n; i++) norm += (r[i] - b[i]) * (r[i] - b[i]);
            return (1, 2.0 / 3.0 * n * (double)n * n + 2.0 * n * n, Math.Sqrt(norm));
        }
        Array.Clear(v);
        var result = Gmres.Solve(k, b, v, null, new GmresOptions
        {
            RelativeTolerance = 1e-12,
            MaxIterations = 20_000,
            Restart = 200,
            RecordHistory = false,
            CancellationToken = token,
        });
        double flops = result.Iterations * (2.0 * k.NonZeroCount + 4.0 * 200 * n);
        return (result.Iterations, flops, result.ResidualNorm);
    }
}
