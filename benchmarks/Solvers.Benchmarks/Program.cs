using BenchmarkDotNet.Running;
using Solvers.Benchmarks.Peers;

namespace Solvers.Benchmarks;

/// <summary>
/// Two modes: `spmv --matrix SPEC [--reps R]` prints one JSON line for the peer harness
/// (benchmarks/peers/run.sh); anything else goes to BenchmarkDotNet (e.g. `--filter *SpMV*`).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "spmv") return SpMVTiming.Run(args[1..]);
        if (args.Length > 0 && args[0] == "krylov-phases") return KrylovPhases.Run(args[1..]);
        if (args.Length > 0 && args[0] == "kernels") return KernelTiming.Run(args[1..]);
        if (args.Length > 0 && args[0] == "relax") return RelaxExperiment.Run(args[1..]);
        if (args.Length > 0 && args[0] == "sequence") return SequenceTiming.Run(args[1..]);
        if (args.Length > 0 && args[0] == "direct") return DirectTiming.Run(args[1..]);
        if (args.Length > 0 && args[0] == "kaczmarz") return KaczmarzTiming.Run(args[1..]);
        if (args.Length > 0 && args[0] == "dcdm-export") return DcdmExport.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
