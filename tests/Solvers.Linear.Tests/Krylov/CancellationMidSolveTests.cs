using Solvers.Linear.Generators;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Stationary;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Krylov;

/// <summary>
/// A token cancelled in the middle of a solve (from the monitor, after a few iterations) ends every iterative method
/// with status Cancelled, not an exception, and loses nothing: the iterate in x is the one the result describes (its
/// true residual is the reported one), and the residual history covers every iteration done.
/// </summary>
public class CancellationMidSolveTests
{
    private const int CancelAt = 7;

    /// <summary>Cancels the token once the solver reports iteration <see cref="CancelAt"/>.</summary>
    private sealed class CancellingMonitor(CancellationTokenSource source) : IIterationMonitor
    {
        public void OnIteration(in IterationInfo info)
        {
            if (info.Iteration >= CancelAt) source.Cancel();
        }
    }

    public static TheoryData<string> Methods() => ["cg", "pcg-ic0", "gmres", "gmres-ilu0", "bicgstab", "gcrodr", "sor", "ssor"];

    [Theory]
    [MemberData(nameof(Methods))]
    public void CancelledSolveKeepsTheIterateAndItsHistory(string method)
    {
        bool symmetric = method is "cg" or "pcg-ic0" or "sor" or "ssor";
        CsrMatrix a = symmetric ? Poisson.TwoD(30) : RandomMatrices.ConvectionDiffusion(30, 0.4);
        int n = a.RowCount;
        var b = RandomMatrices.Vector(n, 5);
        var x = new double[n];
        using var source = new CancellationTokenSource();
        var options = new SolverOptions
        {
            RelativeTolerance = 1e-12, MaxIterations = 10_000, CancellationToken = source.Token,
            Monitor = new CancellingMonitor(source),
        };
        SolveResult result = method switch
        {
            "cg" => ConjugateGradient.Solve(a, b, x, null, options),
            "pcg-ic0" => ConjugateGradient.Solve(a, b, x, new IncompleteCholesky(a), options),
            "gmres" => Gmres.Solve(a, b, x, null, new GmresOptions(options) { Restart = 30 }),
            "gmres-ilu0" => Gmres.Solve(a, b, x, new IncompleteLu(a), new GmresOptions(options) { Restart = 30 }),
            "bicgstab" => BiCgStab.Solve(a, b, x, null, options),
            "gcrodr" => new GcroDr(m: 30, k: 10).Solve(a, b, x, null, options),
            "sor" => Sor.Solve(a, b, x, 1.5, options),
            "ssor" => Ssor.Solve(a, b, x, 1.5, options),
            _ => throw new ArgumentException(method),
        };

        Assert.Equal(SolveStatus.Cancelled, result.Status);
        Assert.False(result.Converged);
        Assert.InRange(result.Iterations, CancelAt, CancelAt + 1);
        Assert.Equal(result.Iterations + 1, result.History.Count);
        // The iterate is kept: x is not the zero start, and its true residual is the one reported.
        double trueResidual = RandomMatrices.RelativeResidual(a, b, x);
        Assert.True(trueResidual < 1, $"{method}: relative residual {trueResidual} after {result.Iterations} iterations");
        Assert.Equal(trueResidual, result.RelativeResidual, 1e-8 + 1e-6 * trueResidual);
    }
}
