using MathNet.Numerics.LinearAlgebra;
using Solvers.Linear.Generators;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Examples;

/// <summary>
/// Krylov solvers: IC(0)-preconditioned CG on the 2-D Poisson matrix, and GMRES with ILU(0) on a nonsymmetric
/// convection-diffusion matrix assembled from triplets; Math.NET matrices in and out.
/// </summary>
public static class KrylovExample
{
    /// <summary>The two systems, their solutions and results.</summary>
    /// <param name="Spd">The SPD matrix (5-point Laplacian, 48 x 48 grid).</param>
    /// <param name="SpdRhs">Its right-hand side.</param>
    /// <param name="SpdSolution">The PCG solution.</param>
    /// <param name="Pcg">The IC(0)-PCG result.</param>
    /// <param name="Nonsymmetric">The convection-diffusion matrix.</param>
    /// <param name="NonsymmetricRhs">Its right-hand side.</param>
    /// <param name="NonsymmetricSolution">The GMRES solution.</param>
    /// <param name="GmresResult">The GMRES + ILU(0) result.</param>
    /// <param name="DenseReferenceDifference">max |x_gmres - x_dense| against Math.NET's dense LU solve.</param>
    public sealed record Result(
        CsrMatrix Spd, double[] SpdRhs, double[] SpdSolution, SolveResult Pcg,
        CsrMatrix Nonsymmetric, double[] NonsymmetricRhs, double[] NonsymmetricSolution, SolveResult GmresResult,
        double DenseReferenceDifference) : ExampleResult("krylov");

    /// <summary>Runs the example, printing to <paramref name="log"/>.</summary>
    public static Result Run(TextWriter log)
    {
        // SPD: the generator's Poisson matrix, b = A * ones so that the exact solution is known to the reader.
        var a = Poisson.TwoD(48);
        var ones = Enumerable.Repeat(1.0, a.RowCount).ToArray();
        var b = new double[a.RowCount];
        a.Apply(ones, b);
        var x = new double[a.RowCount]; // initial guess in, solution out
        var pcg = ConjugateGradient.Solve(a, b, x, new IncompleteCholesky(a), new SolverOptions { RelativeTolerance = 1e-10 });
        Report(log, "IC(0)-PCG", a, pcg);

        // Nonsymmetric: assembled from (i, j, value) triplets through CooMatrix, which sums duplicates.
        var c = ConvectionDiffusion.Assemble(n: 20, wind: 50);
        var d = Enumerable.Range(0, c.RowCount).Select(i => Math.Sin(i)).ToArray();
        var y = new double[c.RowCount];
        var gmres = Gmres.Solve(c, d, y, new IncompleteLu(c), new GmresOptions { Restart = 30, RelativeTolerance = 1e-10 });
        Report(log, "GMRES(30) + ILU(0)", c, gmres);
        // The same call by name: IterativeSolver.Solve(IterativeMethod.Gmres, c, d, y, preconditioner, options).

        // Math.NET interop: a dense reference solve of the same system, and a round trip through its sparse type.
        var reference = c.ToMathNetDense().Solve(Vector<double>.Build.DenseOfArray(d));
        double difference = y.Select((v, i) => Math.Abs(v - reference[i])).Max();
        var roundTrip = c.ToMathNetSparse().ToCsr();
        log.WriteLine($"  Math.NET dense LU agrees to {difference:E1}; sparse round trip keeps nnz = {roundTrip.NonZeroCount} (was {c.NonZeroCount})");

        return new Result(a, b, x, pcg, c, d, y, gmres, difference);
    }

    private static void Report(TextWriter log, string method, CsrMatrix a, SolveResult r) =>
        // Non-convergence is a status, not an exception: always look at Status before using x.
        log.WriteLine($"  {method} on n = {a.RowCount}, nnz = {a.NonZeroCount}: {r.Status} after {r.Iterations} iterations, " +
                      $"||b - Ax|| / ||b|| = {r.RelativeResidual:E2}");
}
