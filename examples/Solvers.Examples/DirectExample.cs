using Solvers.Linear.Direct;
using Solvers.Linear.Generators;
using Solvers.Linear.Storage;

namespace Solvers.Examples;

/// <summary>
/// Sparse direct solvers: Cholesky split into analysis, factorisation, solve and refactorisation (the pattern of a
/// sequence of matrices is analysed once), and LU of a nonsymmetric matrix in one call.
/// </summary>
public static class DirectExample
{
    /// <summary>The systems and solutions.</summary>
    /// <param name="Spd">The first SPD matrix (2-D Poisson).</param>
    /// <param name="Shifted">Same pattern, values changed (Poisson + 0.5 I), solved after refactorising.</param>
    /// <param name="Rhs">The right-hand side of both SPD solves.</param>
    /// <param name="SpdSolution">The solution with <paramref name="Spd"/>.</param>
    /// <param name="ShiftedSolution">The solution with <paramref name="Shifted"/>.</param>
    /// <param name="FactorNonZeros">nnz(L) of the Cholesky factor.</param>
    /// <param name="Nonsymmetric">The LU matrix (convection-diffusion).</param>
    /// <param name="NonsymmetricRhs">Its right-hand side.</param>
    /// <param name="NonsymmetricSolution">The LU solution.</param>
    /// <param name="Lu">The one-call LU result (fill, timings, recomputed residual).</param>
    public sealed record Result(
        CsrMatrix Spd, CsrMatrix Shifted, double[] Rhs, double[] SpdSolution, double[] ShiftedSolution, long FactorNonZeros,
        CsrMatrix Nonsymmetric, double[] NonsymmetricRhs, double[] NonsymmetricSolution, DirectSolveResult Lu) : ExampleResult("direct");

    /// <summary>Runs the example, printing to <paramref name="log"/>.</summary>
    public static Result Run(TextWriter log)
    {
        var a = Poisson.TwoD(40);
        var b = Enumerable.Range(0, a.RowCount).Select(i => 1.0 + i % 7).ToArray();

        // Ordering and symbolic factorisation depend only on the pattern: do them once.
        var symbolic = SparseCholesky.Analyze(a, OrderingMethod.Amd);
        var cholesky = symbolic.Factorize(a);
        var x = new double[a.RowCount];
        cholesky.Solve(b, x);
        log.WriteLine($"  Cholesky, n = {a.RowCount}: nnz(L) = {cholesky.NonZeroCount} (nnz(tril A) = {(a.NonZeroCount + a.RowCount) / 2}), " +
                      $"{cholesky.FlopCount:E2} flops, {symbolic.SupernodeCount} supernodes");

        // New values on the same pattern (a shifted operator, the next time step, ...): numeric work only.
        var values = a.Values.ToArray();
        for (int i = 0; i < a.RowCount; i++) values[a.IndexOf(i, i)] += 0.5;
        var shifted = a.WithValues(values);
        // symbolic.HasPattern(m) tells whether a matrix m fits this analysis (Refactorize throws otherwise).
        cholesky.Refactorize(shifted);
        var xShifted = new double[a.RowCount];
        cholesky.Solve(b, xShifted);
        log.WriteLine($"  refactorised in place for A + 0.5 I; x[0] went from {x[0]:F4} to {xShifted[0]:F4}");

        // LU (threshold partial pivoting) in one call, with the residual recomputed and optional refinement.
        var c = ConvectionDiffusion.Assemble(n: 30, wind: 50);
        var d = Enumerable.Range(0, c.RowCount).Select(i => Math.Cos(i)).ToArray();
        var y = new double[c.RowCount];
        var lu = DirectSolver.Solve(DirectMethod.Lu, c, d, y, new DirectSolverOptions { RefinementSteps = 2 });
        log.WriteLine($"  LU, n = {c.RowCount}: nnz(L + U) = {lu.FactorNonZeroCount}, factor {lu.FactorSeconds * 1e3:F1} ms, " +
                      $"||b - Ax|| / ||b|| = {lu.RelativeResidual:E1} after {lu.RefinementSteps} refinement step(s)");

        return new Result(a, shifted, b, x, xShifted, cholesky.NonZeroCount, c, d, y, lu);
    }
}
