using ILGPU;

namespace Solvers.Gpu.Kernels;

/// <summary>
/// Deterministic two-pass reductions. Pass one: a fixed grid of groups walks the vectors with a
/// grid-stride loop and each group writes one partial sum. Pass two: a single group sums the partials
/// in a fixed order. For a given device and length the assignment of elements to threads never changes,
/// so the result is bitwise reproducible (unlike a floating-point atomic add).
/// </summary>
internal static class ReductionKernels
{
    /// <summary>Pass one of x·y: partials[g] = Σ over the elements visited by group g.</summary>
    public static void DotPartials(ArrayView<double> x, ArrayView<double> y, ArrayView<double> partials, int n)
    {
        int stride = Grid.DimX * Group.DimX;
        double sum = 0;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += stride)
            sum += x[i] * y[i];
        double groupSum = GroupReduce.Sum(sum);
        if (Group.IsFirstThread) partials[Grid.IdxX] = groupSum;
    }

    /// <summary>
    /// Pass two, launched as one group: scalars[slot] = Σ partials[offset .. offset + count).
    /// </summary>
    public static void SumPartials(ArrayView<double> partials, ArrayView<double> scalars, int offset, int count, int slot)
    {
        double sum = 0;
        for (int i = Group.IdxX; i < count; i += Group.DimX)
            sum += partials[offset + i];
        double total = GroupReduce.Sum(sum);
        if (Group.IsFirstThread) scalars[slot] = total;
    }

    /// <summary>
    /// r = b - ax (in place allowed: <paramref name="ax"/> may be <paramref name="r"/>), and the pass-one
    /// partials of r·r.
    /// </summary>
    public static void ResidualPartials(ArrayView<double> b, ArrayView<double> ax, ArrayView<double> r, ArrayView<double> partials, int n)
    {
        int stride = Grid.DimX * Group.DimX;
        double sum = 0;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += stride)
        {
            double ri = b[i] - ax[i];
            r[i] = ri;
            sum += ri * ri;
        }
        double groupSum = GroupReduce.Sum(sum);
        if (Group.IsFirstThread) partials[Grid.IdxX] = groupSum;
    }
}
