using BenchmarkDotNet.Attributes;
using Solvers.Linear.Kernels;

namespace Solvers.Benchmarks.Kernels;

/// <summary>The fused CG update (x += a p, r -= a q, return r.r) against its scalar reference.</summary>
[MemoryDiagnoser]
public class CgUpdateBenchmarks
{
    private double[] _p = null!, _q = null!, _x = null!, _r = null!;

    [Params(1 << 18)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _p = Enumerable.Range(0, Length).Select(i => 0.5 + i % 3).ToArray();
        _q = Enumerable.Range(0, Length).Select(i => 0.25 + i % 5).ToArray();
        _x = new double[Length];
        _r = Enumerable.Repeat(1.0, Length).ToArray();
    }

    [Benchmark(Baseline = true)]
    public double ScalarReference() => Blas1.CgUpdateReference(1e-9, _p, _q, _x, _r);

    [Benchmark]
    public double Fused() => Blas1.CgUpdate(1e-9, _p, _q, _x, _r);
}
