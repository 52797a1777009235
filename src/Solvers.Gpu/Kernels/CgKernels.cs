using ILGPU;

namespace Solvers.Gpu.Kernels;

/// <summary>
/// The vector updates and scalar steps of (Jacobi-)preconditioned CG (Saad, Iterative Methods for Sparse
/// Linear Systems, 2nd ed., Algorithm 9.1), written so that no scalar leaves the device during the
/// iteration: alpha and beta are computed by one-group kernels from the partial sums of the previous
/// pass and read by the next pass from <c>state</c> (see <see cref="CgSlots"/>).
/// One iteration is five launches: SpMV with p·Ap partials, <see cref="FinishAlpha"/>,
/// <see cref="Update"/>, <see cref="FinishBeta"/>, <see cref="Direction"/>.
/// </summary>
internal static class CgKernels
{
    private static bool IsFinite(double v) => v - v == 0.0;

    /// <summary>
    /// One group: pq = Σ partials[0..count); alpha = rz / pq, or a failure status (and alpha = 0) when
    /// pq is not finite or not positive. Does nothing but zero alpha once the status is non-zero.
    /// </summary>
    public static void FinishAlpha(ArrayView<double> partials, ArrayView<double> state, int count)
    {
        double sum = 0;
        for (int i = Group.IdxX; i < count; i += Group.DimX)
            sum += partials[i];
        double pq = GroupReduce.Sum(sum);
        if (!Group.IsFirstThread) return;
        if (state[CgSlots.Status] != DeviceStatus.Iterating)
        {
            state[CgSlots.Alpha] = 0;
            return;
        }
        state[CgSlots.Pq] = pq;
        double failure = !IsFinite(pq) ? DeviceStatus.NaNOrInfinity : pq <= 0 ? DeviceStatus.IndefiniteMatrix : DeviceStatus.Iterating;
        if (failure != DeviceStatus.Iterating)
        {
            state[CgSlots.Status] = failure;
            state[CgSlots.StopIteration] = state[CgSlots.Iteration] + 1;
            state[CgSlots.Alpha] = 0;
            return;
        }
        state[CgSlots.Alpha] = state[CgSlots.Rz] / pq;
    }

    /// <summary>
    /// The fused update, one pass: x += alpha p; r -= alpha q; z = D⁻¹ r (or z = r); and per group the
    /// partial sums of r·z (partials[g]) and r·r (partials[G + g]), G = number of groups. Does nothing once the
    /// status is non-zero.
    /// </summary>
    public static void Update(
        ArrayView<double> x, ArrayView<double> r, ArrayView<double> p, ArrayView<double> q, ArrayView<double> inverseDiagonal,
        ArrayView<double> state, ArrayView<double> partials, int n, int jacobi)
    {
        // Frozen (converged or failed): skip the memory traffic. The condition is uniform over the grid.
        if (state[CgSlots.Status] != DeviceStatus.Iterating) return;
        double alpha = state[CgSlots.Alpha];
        int stride = Grid.DimX * Group.DimX;
        double rz = 0, rr = 0;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += stride)
        {
            x[i] += alpha * p[i];
            double ri = r[i] - alpha * q[i];
            r[i] = ri;
            double zi = jacobi != 0 ? inverseDiagonal[i] * ri : ri;
            rz += ri * zi;
            rr += ri * ri;
        }
        double rzGroup = GroupReduce.Sum(rz);
        double rrGroup = GroupReduce.Sum(rr);
        if (Group.IsFirstThread)
        {
            partials[Grid.IdxX] = rzGroup;
            partials[Grid.DimX + Grid.IdxX] = rrGroup;
        }
    }

    /// <summary>
    /// One group: sums the partials of <see cref="Update"/> (count per half), records r·r in the history
    /// ring, counts the iteration, and sets beta = rz_new / rz, or a status: converged when
    /// ||r|| ≤ threshold (the same test as the host's), NaN/Inf, or an indefinite preconditioner.
    /// </summary>
    public static void FinishBeta(ArrayView<double> partials, ArrayView<double> state, int count, int ring, int jacobi)
    {
        double rzSum = 0, rrSum = 0;
        for (int i = Group.IdxX; i < count; i += Group.DimX)
        {
            rzSum += partials[i];
            rrSum += partials[count + i];
        }
        double rzNew = GroupReduce.Sum(rzSum);
        double rr = GroupReduce.Sum(rrSum);
        if (!Group.IsFirstThread) return;
        if (state[CgSlots.Status] != DeviceStatus.Iterating)
        {
            state[CgSlots.Beta] = 0;
            return;
        }
        double iteration = state[CgSlots.Iteration] + 1;
        state[CgSlots.Iteration] = iteration;
        state[CgSlots.HistoryOffset + ((int)iteration % ring)] = rr;
        state[CgSlots.Rr] = rr;
        if (jacobi == 0) rzNew = rr;
        double status = DeviceStatus.Iterating;
        if (!IsFinite(rr)) status = DeviceStatus.NaNOrInfinity;
        else if (Math.Sqrt(rr) <= state[CgSlots.Threshold]) status = DeviceStatus.Converged;
        else if (!IsFinite(rzNew)) status = DeviceStatus.NaNOrInfinity;
        else if (rzNew <= 0) status = DeviceStatus.IndefinitePreconditioner;
        if (status != DeviceStatus.Iterating)
        {
            state[CgSlots.Status] = status;
            state[CgSlots.StopIteration] = iteration;
            state[CgSlots.Beta] = 0;
            return;
        }
        state[CgSlots.Beta] = rzNew / state[CgSlots.Rz];
        state[CgSlots.Rz] = rzNew;
    }

    /// <summary>p = z + beta p with z = D⁻¹ r (or r); skipped once the status is non-zero.</summary>
    public static void Direction(Index1D index, ArrayView<double> p, ArrayView<double> r, ArrayView<double> inverseDiagonal,
        ArrayView<double> state, int jacobi)
    {
        if (state[CgSlots.Status] != DeviceStatus.Iterating) return;
        int i = index;
        double zi = jacobi != 0 ? inverseDiagonal[i] * r[i] : r[i];
        p[i] = zi + state[CgSlots.Beta] * p[i];
    }

    /// <summary>
    /// Starts a direction: p = z = D⁻¹ r (or r) and the pass-one partials of r·z.
    /// </summary>
    public static void Start(ArrayView<double> p, ArrayView<double> r, ArrayView<double> inverseDiagonal,
        ArrayView<double> partials, int n, int jacobi)
    {
        int stride = Grid.DimX * Group.DimX;
        double rz = 0;
        for (int i = Grid.IdxX * Group.DimX + Group.IdxX; i < n; i += stride)
        {
            double ri = r[i];
            double zi = jacobi != 0 ? inverseDiagonal[i] * ri : ri;
            p[i] = zi;
            rz += ri * zi;
        }
        double groupSum = GroupReduce.Sum(rz);
        if (Group.IsFirstThread) partials[Grid.IdxX] = groupSum;
    }

    /// <summary>One thread: state[slot] = value (used to reset the status or set the threshold).</summary>
    public static void SetSlot(Index1D index, ArrayView<double> state, int slot, double value) => state[slot] = value;
}
