using ILGPU;

namespace Solvers.Gpu.Kernels;

/// <summary>
/// Device CSR matrix-vector products y = A x (Bell and Garland, "Efficient sparse matrix-vector
/// multiplication on CUDA", NVIDIA NVR-2008-004, section 4.3: the scalar and vector CSR kernels).
/// Both kernels are explicitly grouped so that they can also emit, per group, the partial sum of
/// x_i y_i: CG gets p·Ap from the same pass that computes Ap (first pass of a two-pass dot).
/// </summary>
internal static class SpMVKernels
{
    /// <summary>
    /// Scalar CSR: one thread per row. Best when rows are short (stencils): neighbouring threads read
    /// neighbouring rows, so the loads of values and column indices are nearly coalesced.
    /// Launch with ceil(n / group) groups. When <paramref name="withDot"/> is non-zero, group g writes
    /// Σ x_i y_i over its rows to partials[g].
    /// </summary>
    public static void Scalar(
        ArrayView<int> rowPointers, ArrayView<int> columnIndices, ArrayView<double> values,
        ArrayView<double> x, ArrayView<double> y, ArrayView<double> partials, int n, int withDot)
    {
        int i = Grid.IdxX * Group.DimX + Group.IdxX;
        double product = 0;
        if (i < n)
        {
            int end = rowPointers[i + 1];
            double sum = 0;
            for (int k = rowPointers[i]; k < end; k++)
                sum += values[k] * x[columnIndices[k]];
            y[i] = sum;
            product = sum * x[i];
        }
        if (withDot != 0)
        {
            double groupSum = GroupReduce.Sum(product);
            if (Group.IsFirstThread) partials[Grid.IdxX] = groupSum;
        }
    }

    /// <summary>
    /// Vector CSR: <paramref name="lanes"/> consecutive threads (a power of two, at most the warp size)
    /// share a row, stride through it, and combine their sums through shared memory. Best for rows longer
    /// than about a dozen entries. Launch with ceil(n · lanes / group) groups; partials as in
    /// <see cref="Scalar"/>.
    /// </summary>
    public static void Vector(
        ArrayView<int> rowPointers, ArrayView<int> columnIndices, ArrayView<double> values,
        ArrayView<double> x, ArrayView<double> y, ArrayView<double> partials, int n, int lanes, int withDot)
    {
        int t = Grid.IdxX * Group.DimX + Group.IdxX;
        int row = t / lanes;
        int lane = t & (lanes - 1);
        double sum = 0;
        if (row < n)
        {
            int end = rowPointers[row + 1];
            for (int k = rowPointers[row] + lane; k < end; k += lanes)
                sum += values[k] * x[columnIndices[k]];
        }
        sum = GroupReduce.SegmentSum(sum, lanes);
        double product = 0;
        if (row < n && lane == 0)
        {
            y[row] = sum;
            product = sum * x[row];
        }
        if (withDot != 0)
        {
            double groupSum = GroupReduce.Sum(product);
            if (Group.IsFirstThread) partials[Grid.IdxX] = groupSum;
        }
    }
}
