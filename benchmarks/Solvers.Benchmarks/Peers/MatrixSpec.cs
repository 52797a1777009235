using Solvers.Linear.Generators;
using Solvers.Linear.IO;
using Solvers.Linear.Storage;

namespace Solvers.Benchmarks.Peers;

/// <summary>The same matrix names the CLI and the peer scripts use: poisson2d:N, poisson3d:N or a .mtx path.</summary>
internal static class MatrixSpec
{
    public static CsrMatrix Load(string spec)
    {
        var parts = spec.Split(':');
        return parts[0] switch
        {
            "poisson2d" => Poisson.TwoD(int.Parse(parts[1])),
            "poisson3d" => Poisson.ThreeD(int.Parse(parts[1])),
            _ => MatrixMarket.ReadMatrix(spec),
        };
    }

    public static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
