using System.Text.Json.Nodes;
using Solvers.Gpu.Devices;
using Solvers.Gpu.Solving;
using Solvers.Linear.Generators;
using Solvers.Linear.Krylov;
using Solvers.Linear.Preconditioners;
using Solvers.Linear.Solving;

namespace Solvers.Gpu.Bench;

/// <summary>
/// The unit tests' equalities, repeated on the real device: CG iterates against the CPU CG after a fixed
/// number of iterations, full solves with the same iteration count, and a bitwise-reproducible dot product.
/// </summary>
internal static class VerifySection
{
    public static JsonObject Run(GpuDevice device, int grid)
    {
        var a = Diffusion.VariableCoefficient2D(grid, (x, y) => 1 + 9 * x * y);
        var xStar = new double[a.RowCount];
        for (int i = 0; i < xStar.Length; i++) xStar[i] = Math.Sin(0.1 * i);
        var b = new double[a.RowCount];
        a.Apply(xStar, b);
        var json = new JsonObject();
        foreach (bool jacobi in new[] { false, true })
        {
            var fixedOptions = new GpuSolverOptions { RelativeTolerance = 1e-30, AbsoluteTolerance = 1e-300, MaxIterations = 25 };
            var xc = new double[a.RowCount];
            var xg = new double[a.RowCount];
            ConjugateGradient.Solve(a, b, xc, jacobi ? new JacobiPreconditioner(a) : null, fixedOptions);
            GpuSolver.Solve(device, a, b, xg, jacobi ? GpuPreconditioner.Jacobi : GpuPreconditioner.None, fixedOptions);
            double diff = 0, scale = 0;
            for (int i = 0; i < xc.Length; i++)
            {
                diff = Math.Max(diff, Math.Abs(xc[i] - xg[i]));
                scale = Math.Max(scale, Math.Abs(xc[i]));
            }
            var fullOptions = new GpuSolverOptions { RelativeTolerance = 1e-10 };
            var cpu = ConjugateGradient.Solve(a, b, new double[a.RowCount], jacobi ? new JacobiPreconditioner(a) : null, fullOptions);
            var gpu = GpuSolver.Solve(device, a, b, new double[a.RowCount], jacobi ? GpuPreconditioner.Jacobi : GpuPreconditioner.None, fullOptions);
            var again = GpuSolver.Solve(device, a, b, new double[a.RowCount], jacobi ? GpuPreconditioner.Jacobi : GpuPreconditioner.None, fullOptions);
            json[jacobi ? "pcgJacobi" : "cg"] = new JsonObject
            {
                ["n"] = a.RowCount,
                ["after25IterationsMaxRelativeDifferenceInX"] = diff / scale,
                ["cpuIterations"] = cpu.Iterations,
                ["gpuIterations"] = gpu.Result.Iterations,
                ["gpuStatus"] = gpu.Result.Status.ToString(),
                ["gpuRelativeResidual"] = gpu.Result.RelativeResidual,
                ["gpuRepeatIdentical"] = gpu.Result.ResidualNorm.Equals(again.Result.ResidualNorm) && gpu.Result.Iterations == again.Result.Iterations,
            };
            BenchReport.Log($"verify {(jacobi ? "pcg" : "cg")}: x after 25 it differs by {diff / scale:E2}; iterations cpu {cpu.Iterations}, gpu {gpu.Result.Iterations}; repeat identical {json[jacobi ? "pcgJacobi" : "cg"]!["gpuRepeatIdentical"]}");
        }
        return json;
    }
}
