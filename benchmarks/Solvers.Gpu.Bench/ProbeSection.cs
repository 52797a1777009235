using System.Text.Json.Nodes;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Solvers.Gpu.Kernels;

namespace Solvers.Gpu.Bench;

/// <summary>
/// Compiles single language constructs and each library kernel on CUDA, with and without ILGPU.Algorithms
/// enabled, and reports which ones the PTX backend rejects (diagnosis of code-generator failures).
/// </summary>
internal static class ProbeSection
{
    private static void DoubleArithmetic(Index1D i, ArrayView<double> a) => a[i] = a[i] * 3.0 + 1.0;
    private static void IntDivision(Index1D i, ArrayView<int> a) => a[i] = (a[i] + Warp.WarpSize - 1) / Warp.WarpSize;
    private static void ShuffleDouble(Index1D i, ArrayView<double> a) => a[i] = Warp.ShuffleDown(a[i], 1);
    private static void ShuffleInt(Index1D i, ArrayView<int> a) => a[i] = Warp.ShuffleDown(a[i], 1);
    private static void ShuffleDoubleWidth(Index1D i, ArrayView<double> a) => a[i] = Warp.ShuffleDown(a[i], 1, 4);
    private static void WarpIndices(Index1D i, ArrayView<int> a) => a[i] = Warp.IsFirstLane ? Warp.WarpIdx : Warp.LaneIdx;
    private static void Sqrt(Index1D i, ArrayView<double> a) => a[i] = Math.Sqrt(a[i]);
    private static void FiniteTest(Index1D i, ArrayView<double> a) => a[i] = a[i] - a[i] == 0.0 ? 1.0 : 0.0;
    private static void DoubleToInt(Index1D i, ArrayView<double> a) => a[i] = (int)a[i] % 7;

    private static void SharedBarrier(ArrayView<double> a)
    {
        var s = SharedMemory.Allocate<double>(64);
        s[Group.IdxX % 64] = a[Group.IdxX];
        Group.Barrier();
        a[Group.IdxX] = s[0];
    }

    private static void GroupSum(ArrayView<double> a) => a[Group.IdxX] = GroupReduce.Sum(a[Group.IdxX]);

    private static void GridIndex(ArrayView<double> a, int n)
    {
        int i = Grid.IdxX * Group.DimX + Group.IdxX;
        if (i < n) a[i] = Group.IsFirstThread ? 1.0 : 2.0;
    }

    public static JsonObject Run()
    {
        var json = new JsonObject();
        foreach (bool algorithms in new[] { false, true })
        {
            var rows = new JsonObject();
            try
            {
                using var context = algorithms ? Context.Create(b => b.Cuda().EnableAlgorithms()) : Context.Create(b => b.Cuda());
                using var acc = context.GetCudaDevices()[0].CreateCudaAccelerator(context);
                void Try(string name, Action load)
                {
                    try
                    {
                        load();
                        rows[name] = "ok";
                    }
                    catch (Exception e)
                    {
                        rows[name] = $"{e.GetType().Name}: {e.Message} | {e.InnerException?.GetType().Name}: {e.InnerException?.Message}";
                    }
                }
                Try("doubleArithmetic", () => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>>(DoubleArithmetic));
                Try("intDivision", () => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>>(IntDivision));
                Try("shuffleDouble", () => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>>(ShuffleDouble));
                Try("shuffleInt", () => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>>(ShuffleInt));
                Try("shuffleDoubleWidth", () => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>>(ShuffleDoubleWidth));
                Try("warpIndices", () => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>>(WarpIndices));
                Try("sqrt", () => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>>(Sqrt));
                Try("finiteTest", () => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>>(FiniteTest));
                Try("doubleToInt", () => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>>(DoubleToInt));
                Try("sharedBarrier", () => acc.LoadStreamKernel<ArrayView<double>>(SharedBarrier));
                Try("groupSum", () => acc.LoadStreamKernel<ArrayView<double>>(GroupSum));
                Try("gridIndex", () => acc.LoadStreamKernel<ArrayView<double>, int>(GridIndex));
                Try("SpMVScalar", () => acc.LoadStreamKernel<ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int>(SpMVKernels.Scalar));
                Try("SpMVVector", () => acc.LoadStreamKernel<ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int, int>(SpMVKernels.Vector));
                Try("DotPartials", () => acc.LoadStreamKernel<ArrayView<double>, ArrayView<double>, ArrayView<double>, int>(ReductionKernels.DotPartials));
                Try("CgFinishBeta", () => acc.LoadStreamKernel<ArrayView<double>, ArrayView<double>, int, int, int>(CgKernels.FinishBeta));
                Try("CgDirection", () => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int>(CgKernels.Direction));
                Try("Copy", () => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>>(BandwidthKernels.Copy));
            }
            catch (Exception e)
            {
                rows["context"] = e.ToString();
            }
            json[algorithms ? "withAlgorithms" : "withoutAlgorithms"] = rows;
            BenchReport.Log($"probe ({(algorithms ? "with" : "without")} algorithms): {rows.ToJsonString()}");
        }
        return json;
    }
}
