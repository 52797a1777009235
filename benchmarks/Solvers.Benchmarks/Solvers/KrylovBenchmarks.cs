using BenchmarkDotNet.Attributes;
using Solvers.Linear.Generators;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;
using Solvers.Linear.Storage;

namespace Solvers.Benchmarks.Solvers;

/// <summary>
/// Whole solves, b = A 1, tol 1e-8. The memory diagnoser shows allocation is per solve (work vectors and the
/// history), not per iteration.
/// </summary>
[MemoryDiagnoser]
public class KrylovBenchmarks
{
    private CsrMatrix _a = null!;
    private double[] _b = null!;
    private IPreconditioner _m = null!;

    [Params(128, 256)]
    public int N { get; set; }

    [Params(PreconditionerKind.Jacobi, PreconditionerKind.Ic0)]
    public PreconditionerKind Preconditioner { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = Poisson.TwoD(N);
        _b = new double[_a.RowCount];
        _a.Apply(Enumerable.Repeat(1.0, _a.RowCount).ToArray(), _b);
        _m = Linear.Preconditioners.Preconditioner.Create(Preconditioner, _a);
    }

    [Benchmark]
    public int Pcg()
    {
        var x = new double[_a.RowCount];
        return ConjugateGradient.Solve(_a, _b, x, _m, new SolverOptions { RecordHistory = false }).Iterations;
    }
}
