namespace Solvers.Transport.Problems;

/// <summary>
/// A discrete optimal-transport problem: source weights a (length n), target weights b (length m) with equal
/// total mass, and a finite n x m ground cost C. Solvers find a plan P &gt;= 0 with P 1 = a and P^T 1 = b that
/// minimises &lt;C, P&gt; (exactly, or with an entropic term).
/// </summary>
/// <remarks>
/// Points of zero weight are allowed: the solvers work on the support (the rows and columns with positive
/// weight) and give zero-weight points an empty row or column in the plan.
/// </remarks>
public sealed class OtProblem
{
    /// <summary>Largest relative difference |sum a - sum b| / max(sum a, sum b) accepted as equal mass.</summary>
    public const double MassTolerance = 1e-10;

    private readonly double[] _a;
    private readonly double[] _b;

    private OtProblem(double[] a, double[] b, CostMatrix cost, double massA, double massB)
    {
        _a = a;
        _b = b;
        Cost = cost;
        SourceMass = massA;
        TargetMass = massB;
    }

    /// <summary>Source weights a.</summary>
    public ReadOnlySpan<double> SourceWeights => _a;

    /// <summary>Target weights b.</summary>
    public ReadOnlySpan<double> TargetWeights => _b;

    /// <summary>The ground cost C.</summary>
    public CostMatrix Cost { get; }

    /// <summary>Number of source points n.</summary>
    public int SourceCount => _a.Length;

    /// <summary>Number of target points m.</summary>
    public int TargetCount => _b.Length;

    /// <summary>sum a.</summary>
    public double SourceMass { get; }

    /// <summary>sum b (equal to <see cref="SourceMass"/> within <see cref="MassTolerance"/>).</summary>
    public double TargetMass { get; }

    internal double[] SourceArray => _a;

    internal double[] TargetArray => _b;

    /// <summary>
    /// Builds a problem from weights and a cost matrix (weights are copied).
    /// </summary>
    /// <param name="a">Source weights: finite, non-negative, positive total.</param>
    /// <param name="b">Target weights: finite, non-negative, positive total.</param>
    /// <param name="cost">n x m cost with n = a.Length, m = b.Length.</param>
    /// <param name="mismatch">Whether different total masses are an error or renormalised to 1 each.</param>
    /// <exception cref="ArgumentException">A weight is negative, NaN or infinite; sizes disagree with the cost;
    /// or the masses differ and <paramref name="mismatch"/> is <see cref="MassMismatch.Error"/>.</exception>
    public static OtProblem Create(ReadOnlySpan<double> a, ReadOnlySpan<double> b, CostMatrix cost, MassMismatch mismatch = MassMismatch.Error)
    {
        ArgumentNullException.ThrowIfNull(cost);
        double massA = Histogram.CheckWeights(a, "a");
        double massB = Histogram.CheckWeights(b, "b");
        if (a.Length != cost.RowCount)
            throw new ArgumentException($"Source weights a have length {a.Length} but the cost matrix has {cost.RowCount} rows.", nameof(a));
        if (b.Length != cost.ColumnCount)
            throw new ArgumentException($"Target weights b have length {b.Length} but the cost matrix has {cost.ColumnCount} columns.", nameof(b));
        var aCopy = a.ToArray();
        var bCopy = b.ToArray();
        double relative = Math.Abs(massA - massB) / Math.Max(massA, massB);
        if (mismatch == MassMismatch.Renormalize)
        {
            for (int i = 0; i < aCopy.Length; i++) aCopy[i] /= massA;
            for (int j = 0; j < bCopy.Length; j++) bCopy[j] /= massB;
            massA = Sum(aCopy);
            massB = Sum(bCopy);
        }
        else if (relative > MassTolerance)
        {
            throw new ArgumentException(
                $"Source and target have different total mass (sum a = {massA:R}, sum b = {massB:R}, relative difference {relative:E2}); " +
                "balanced optimal transport needs equal masses. Normalise the weights or ask for renormalisation.", nameof(b));
        }
        return new OtProblem(aCopy, bCopy, cost, massA, massB);
    }

    /// <summary>A problem with uniform weights 1/n and 1/m.</summary>
    public static OtProblem Uniform(CostMatrix cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        return Create(Histogram.Uniform(cost.RowCount), Histogram.Uniform(cost.ColumnCount), cost);
    }

    /// <summary>
    /// A problem between two point clouds: cost from <paramref name="metric"/>, optionally divided by its
    /// maximum, and uniform weights when <paramref name="a"/> or <paramref name="b"/> is null.
    /// </summary>
    /// <exception cref="ArgumentException">As in <see cref="Create"/>, or the clouds have different dimensions.</exception>
    public static OtProblem FromPoints(PointCloud x, PointCloud y, GroundMetric metric, double[]? a = null, double[]? b = null,
        bool normalizeByMax = false, MassMismatch mismatch = MassMismatch.Error)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (a is not null && a.Length != x.Count)
            throw new ArgumentException($"Source weights a have length {a.Length} but there are {x.Count} source points.", nameof(a));
        if (b is not null && b.Length != y.Count)
            throw new ArgumentException($"Target weights b have length {b.Length} but there are {y.Count} target points.", nameof(b));
        var cost = CostMatrix.FromPoints(x, y, metric);
        if (normalizeByMax) cost = cost.NormalizedByMax(out _);
        return Create(a ?? Histogram.Uniform(x.Count), b ?? Histogram.Uniform(y.Count), cost, mismatch);
    }

    /// <summary>The rows and columns of positive weight, and the problem restricted to them.</summary>
    internal SupportView Support() => SupportView.Of(this);

    internal static OtProblem Trusted(double[] a, double[] b, CostMatrix cost) => new(a, b, cost, Sum(a), Sum(b));

    private static double Sum(double[] x)
    {
        double s = 0;
        foreach (var v in x) s += v;
        return s;
    }
}
