using System.Runtime.CompilerServices;
using Solvers.Linear.Kernels;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Stationary;

/// <summary>
/// The iteration shared by <see cref="Sor"/> and <see cref="Ssor"/>: a forward sweep that also yields ||b - A x_k||,
/// the stopping test, and for SSOR a backward sweep. The forward sweep past convergence is undone.
/// </summary>
internal static class RelaxationIteration
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SolveResult Run(CsrMatrix a, ReadOnlySpan<double> b, Span<double> x, double omega, SolverOptions? options,
        bool symmetric)
    {
        string name = symmetric ? "SSOR" : "SOR";
        options ??= SolverOptions.Default;
        options.Validate();
        InputChecks.SquareSystem(a, b, x);
        RelaxationSetup.CheckOmega(omega, name);
        var diagonal = RelaxationSetup.DiagonalPositions(a, name);

        var tracker = new IterationTracker(options, Blas1.Norm2(b));
        var delta = new double[b.Length];
        double initial = double.NaN;
        int iteration = 0;
        SolveStatus status;
        while (true)
        {
            double rNorm = Math.Sqrt(Relaxation.ForwardSweep(a.RowPointers, a.ColumnIndices, a.Values, diagonal, omega, b, x, delta));
            if (iteration == 0) initial = rNorm;
            status = tracker.Check(iteration, rNorm);
            if (status != SolveStatus.Iterating)
            {
                // The sweep just made went one step past the iterate whose residual was tested.
                Blas1.Axpy(-1.0, delta, x);
                break;
            }
            if (symmetric) Relaxation.BackwardSweep(a.RowPointers, a.ColumnIndices, a.Values, diagonal, omega, b, x, delta);
            iteration++;
        }
        return tracker.FinishWithTrueResidual(a, b, x, delta, null, $"{name.ToLowerInvariant()}({omega:G4})", status, iteration, initial, null);
    }
}
