using ILGPU;

namespace Solvers.Gpu.Kernels;

/// <summary>
/// Log-domain Sinkhorn on the device (POT's sinkhorn_log; Peyré and Cuturi, "Computational Optimal Transport",
/// 2019, section 4.4): each half-iteration is one launch of <see cref="LogSumExpRows"/>, a row-wise
/// log-sum-exp of (q_c - K_rc) / reg with one group per row.
/// </summary>
/// <remarks>
/// <para>
/// Layout: the column half-step needs column-wise sums of C. Instead of a column-tiled kernel, the device keeps
/// a transposed copy Cᵀ (made once by <see cref="Transpose"/>), so both half-steps are the same row kernel: the
/// threads of a group read consecutive entries of one row (coalesced loads, every byte of the matrix read once
/// per half-step), every group is independent (no atomics, no second reduction pass), and the grid has n (or m)
/// groups, which fills the device for the sizes where it wins. A thread-per-column kernel over the row-major C
/// is also coalesced but has only m threads, and a column-tiled one needs a cross-group reduction per column;
/// the price of the copy is twice the memory (2 n m doubles: 6.4 GB at n = m = 20,000).
/// </para>
/// <para>
/// Each thread keeps an online (max, sum) pair over its strided entries (one exponential per entry, so the
/// row is read once); the group then takes the maximum, rescales and sums (deterministic trees of
/// <see cref="GroupReduce"/>). The column marginal of the current plan needed by the stopping rule comes free
/// from the next column half-step: with L_j = LSE_i((f_i - C_ij) / reg), g_new = reg (log b_j - L_j) and
/// (P^T 1)_j = exp(g_j / reg + L_j) = b_j exp((g_j - g_new) / reg), so iteration k's error is computed by the
/// column pass of iteration k + 1 into a separate buffer, and <see cref="Finish"/> either commits it
/// (<see cref="Commit"/>) or freezes with the potentials of iteration k.
/// </para>
/// </remarks>
internal static class SinkhornKernels
{
    /// <summary>Exponents below this give 0 in the plan (the CPU kernels' flush rule, e^-650 ≈ 5e-283).</summary>
    private const double FlushExponent = -650.0;

    private static bool IsFinite(double v) => v - v == 0.0;

    /// <summary>
    /// Row r (= group index; launch one group per row): potential[r] = reg (weights[r] - LSE_c((other_c - K_rc) / reg))
    /// over the <paramref name="length"/> entries of row r of the row-major <paramref name="cost"/>, where
    /// weights = [log w (rows) | w (rows)]. With <paramref name="withError"/> non-zero also error[r] = |d| and
    /// error[rows + r] = d² for d = w_r exp((previous[r] - potential[r]) / reg) - w_r, the marginal error of the
    /// plan before this half-step. Does nothing once the status is non-zero.
    /// </summary>
    public static void LogSumExpRows(ArrayView<double> cost, ArrayView<double> other, ArrayView<double> weights,
        ArrayView<double> potential, ArrayView<double> previous, ArrayView<double> error, ArrayView<double> state,
        int length, int withError)
    {
        // Frozen (converged or failed): uniform over the grid, and nothing else writes the status in this launch.
        if (state[SinkhornSlots.Status] != DeviceStatus.Iterating) return;
        int rows = Grid.DimX;
        int r = Grid.IdxX;
        double reg = state[SinkhornSlots.Regularization];
        double inv = 1.0 / reg;
        long start = (long)r * length;
        double max = double.NegativeInfinity, sum = 0;
        for (int c = Group.IdxX; c < length; c += Group.DimX)
        {
            double x = (other[c] - cost[start + c]) * inv;
            if (x > max)
            {
                sum = sum * Math.Exp(max - x) + 1.0;
                max = x;
            }
            else
            {
                sum += Math.Exp(x - max); // a NaN lands here and propagates
            }
        }
        double groupMax = GroupReduce.Max(max);
        double scaled = sum == 0 ? 0 : sum * Math.Exp(max - groupMax);
        double total = GroupReduce.Sum(scaled);
        if (!Group.IsFirstThread) return;
        double value = reg * (weights[r] - groupMax - Math.Log(total));
        if (withError != 0)
        {
            double w = weights[rows + r];
            double d = w * Math.Exp((previous[r] - value) * inv) - w;
            error[r] = Math.Abs(d);
            error[rows + r] = d * d;
        }
        potential[r] = value;
    }

    /// <summary>
    /// One group: l1 = Σ error[0..count), l2 = sqrt(Σ error[count..2 count)) of the column pass, which belong to
    /// the iteration completed so far (none before the first). Records them in the ring, applies the CPU
    /// stopping rule (NaN/Inf, then tolerance, then the iteration limit) and freezes on a stop; otherwise
    /// counts the iteration about to run.
    /// </summary>
    public static void Finish(ArrayView<double> error, ArrayView<double> state, int count, int ring)
    {
        double abs = 0, squares = 0;
        for (int i = Group.IdxX; i < count; i += Group.DimX)
        {
            abs += error[i];
            squares += error[count + i];
        }
        double l1 = GroupReduce.Sum(abs);
        double l2Squared = GroupReduce.Sum(squares);
        if (!Group.IsFirstThread) return;
        if (state[SinkhornSlots.Status] != DeviceStatus.Iterating) return;
        long iteration = (long)state[SinkhornSlots.Iteration];
        if (iteration >= 1)
        {
            double l2 = Math.Sqrt(l2Squared);
            int slot = SinkhornSlots.HistoryOffset + 2 * (int)(iteration % ring);
            state[slot] = l1;
            state[slot + 1] = l2;
            state[SinkhornSlots.Checked] = iteration;
            bool l1Rule = state[SinkhornSlots.Rule] == 0;
            bool tested = l1Rule || (iteration - 1) % 10 == 0;
            double statistic = l1Rule ? l1 : l2;
            double status = DeviceStatus.Iterating;
            if (!IsFinite(l1)) status = DeviceStatus.NaNOrInfinity;
            else if (tested && statistic <= state[SinkhornSlots.Tolerance]) status = DeviceStatus.Converged;
            else if (iteration >= state[SinkhornSlots.MaxIterations]) status = DeviceStatus.MaxIterations;
            if (status != DeviceStatus.Iterating)
            {
                state[SinkhornSlots.Status] = status;
                return;
            }
        }
        state[SinkhornSlots.Iteration] = iteration + 1;
    }

    /// <summary>target = source (the new column potential), unless the status is non-zero.</summary>
    public static void Commit(Index1D index, ArrayView<double> target, ArrayView<double> source, ArrayView<double> state)
    {
        if (state[SinkhornSlots.Status] != DeviceStatus.Iterating) return;
        target[index] = source[index];
    }

    /// <summary>
    /// target = sourceᵀ for a row-major rows x columns source: groups stride over rows, threads over columns,
    /// so the reads are coalesced (the writes are not; this runs once per solve).
    /// </summary>
    public static void Transpose(ArrayView<double> source, ArrayView<double> target, int rows, int columns)
    {
        for (int i = Grid.IdxX; i < rows; i += Grid.DimX)
        {
            long start = (long)i * columns;
            for (int j = Group.IdxX; j < columns; j += Group.DimX)
                target[(long)j * rows + i] = source[start + j];
        }
    }

    /// <summary>
    /// Row r (= group index): P_rc = exp((own[r] + other[c] - K_rc) / reg) (0 below the flush exponent), written to
    /// <paramref name="plan"/> when <paramref name="writePlan"/> is non-zero; sums[r] = Σ_c P_rc and
    /// sums[rows + r] = Σ_c K_rc P_rc.
    /// </summary>
    public static void PlanRows(ArrayView<double> cost, ArrayView<double> other, ArrayView<double> own, ArrayView<double> plan,
        ArrayView<double> sums, ArrayView<double> state, int length, int writePlan)
    {
        int rows = Grid.DimX;
        int r = Grid.IdxX;
        double inv = 1.0 / state[SinkhornSlots.Regularization];
        double shift = own[r];
        long start = (long)r * length;
        double sum = 0, dot = 0;
        for (int c = Group.IdxX; c < length; c += Group.DimX)
        {
            double k = cost[start + c];
            double x = (shift + other[c] - k) * inv;
            double e = x < FlushExponent ? 0.0 : Math.Exp(x);
            sum += e;
            dot += k * e;
            if (writePlan != 0) plan[start + c] = e;
        }
        double rowSum = GroupReduce.Sum(sum);
        double rowDot = GroupReduce.Sum(dot);
        if (!Group.IsFirstThread) return;
        sums[r] = rowSum;
        sums[rows + r] = rowDot;
    }
}
