using System.Runtime.CompilerServices;
using Solvers.Transport.Kernels;

namespace Solvers.Transport.Sinkhorn;

/// <summary>
/// What the sparsification rules of <see cref="SparseHessian"/> need from a plan: the largest entry of every row
/// and column and a histogram of the entries (mass per bucket for <see cref="HessianSparsity.DroppedMass"/>, counts
/// for <see cref="HessianSparsity.Density"/>), gathered row by row while the plan is computed
/// (<see cref="EntropicPlan.Compute"/>), when each row is still in cache, instead of in separate passes over it.
/// The buckets are those of <c>SparseHessian.GlobalThreshold</c> and <c>SparseHessian.MassThreshold</c>
/// and the sums run in the same order, so the thresholds are the same as from the plan.
/// </summary>
internal sealed class PlanStatistics
{
    public PlanStatistics(int n, int m, HessianSparsity rule)
    {
        RowMax = new double[n];
        ColumnMax = new double[m];
        if (rule == HessianSparsity.DroppedMass) MassHistogram = new double[SparseHessian.Buckets];
        else if (rule == HessianSparsity.Density) CountHistogram = new long[SparseHessian.Buckets];
    }

    public double[] RowMax { get; }

    public double[] ColumnMax { get; }

    /// <summary>Plan mass per bucket (DroppedMass rule), else null.</summary>
    public double[]? MassHistogram { get; }

    /// <summary>Positive entries per bucket (Density rule), else null.</summary>
    public long[]? CountHistogram { get; }

    /// <summary>Sum of the positive entries, in row-major order (DroppedMass rule).</summary>
    public double PositiveMass { get; private set; }

    /// <summary>True once every row of the current plan was added.</summary>
    public bool IsComplete { get; private set; }

    public void Reset()
    {
        Array.Fill(ColumnMax, double.NegativeInfinity);
        if (MassHistogram is not null) Array.Clear(MassHistogram);
        if (CountHistogram is not null) Array.Clear(CountHistogram);
        PositiveMass = 0;
        IsComplete = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRow(int i, ReadOnlySpan<double> row)
    {
        RowMax[i] = DenseKernels.RowMaxAndColumnMax(row, ColumnMax);
        if (MassHistogram is { } mass)
        {
            double total = PositiveMass;
            foreach (double v in row)
            {
                if (!(v > 0)) continue;
                mass[SparseHessian.Bucket(v)] += v;
                total += v;
            }
            PositiveMass = total;
        }
        else if (CountHistogram is { } counts)
        {
            foreach (double v in row)
                if (v > 0) counts[SparseHessian.Bucket(v)]++;
        }
        if (i == RowMax.Length - 1) IsComplete = true;
    }
}
