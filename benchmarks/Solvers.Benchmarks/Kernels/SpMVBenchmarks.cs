using BenchmarkDotNet.Attributes;
using Solvers.Linear.Generators;
using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Benchmarks.Kernels;

/// <summary>Our CSR SpMV against its scalar reference on the Poisson 2-D matrix.</summary>
[MemoryDiagnoser]
public class SpMVBenchmarks
{
    private CsrMatrix _a = null!;
    private double[] _x = null!;
    private double[] _y = null!;

    [Params(256, 1000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = Poisson.TwoD(N);
        _x = Enumerable.Range(0, _a.ColumnCount).Select(i => 1.0 + i % 7).ToArray();
        _y = new double[_a.RowCount];
    }

    [Benchmark(Baseline = true)]
    public void ScalarReference() =>
        SpMV.MultiplyReference(_a.RowPointers, _a.ColumnIndices, _a.Values, _x, _y, 0, _a.RowCount);

    [Benchmark]
    public void Vectorised() => _a.Apply(_x, _y);
}
