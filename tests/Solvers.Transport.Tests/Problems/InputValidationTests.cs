using Solvers.Transport.Exact;
using Solvers.Transport.Problems;
using Solvers.Transport.Sinkhorn;

namespace Solvers.Transport.Tests.Problems;

public class InputValidationTests
{
    private static readonly CostMatrix Cost2x2 = CostMatrix.FromArray(new double[,] { { 0, 1 }, { 1, 0 } });

    [Theory]
    [InlineData(-0.1, "negative")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "finite")]
    public void BadSourceWeightIsNamed(double bad, string words)
    {
        var e = Assert.Throws<ArgumentException>(() => OtProblem.Create([0.5, bad], [0.5, 0.5], Cost2x2));
        Assert.Contains("a[1]", e.Message);
        Assert.Contains(words, e.Message);
        Assert.Equal("a", e.ParamName);
    }

    [Fact]
    public void BadTargetWeightIsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => OtProblem.Create([0.5, 0.5], [-1, 2], Cost2x2));
        Assert.Contains("b[0]", e.Message);
        Assert.Equal("b", e.ParamName);
    }

    [Fact]
    public void ZeroMassIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => OtProblem.Create([0, 0], [0.5, 0.5], Cost2x2));
        Assert.Contains("zero total mass", e.Message);
    }

    [Fact]
    public void MismatchedSizesAreRejected()
    {
        var e1 = Assert.Throws<ArgumentException>(() => OtProblem.Create([1.0 / 3, 1.0 / 3, 1.0 / 3], [0.5, 0.5], Cost2x2));
        Assert.Contains("3", e1.Message);
        Assert.Contains("2 rows", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => OtProblem.Create([0.5, 0.5], [1.0], Cost2x2));
        Assert.Contains("2 columns", e2.Message);
        var x = PointCloud.FromArray(2, 2, [0, 0, 1, 1]);
        var y = PointCloud.FromArray(2, 3, [0, 0, 0, 1, 1, 1]);
        var e3 = Assert.Throws<ArgumentException>(() => OtProblem.FromPoints(x, y, GroundMetric.Euclidean));
        Assert.Contains("dimension", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => OtProblem.FromPoints(x, x, GroundMetric.Euclidean, a: [1.0]));
        Assert.Contains("2 source points", e4.Message);
    }

    [Fact]
    public void DifferentMassIsAnErrorUnlessRenormalisationIsAsked()
    {
        var e = Assert.Throws<ArgumentException>(() => OtProblem.Create([0.5, 0.5], [0.5, 0.6], Cost2x2));
        Assert.Contains("different total mass", e.Message);
        var renormalised = OtProblem.Create([0.5, 0.5], [0.5, 0.6], Cost2x2, MassMismatch.Renormalize);
        Assert.Equal(1.0, renormalised.SourceMass, 15);
        Assert.Equal(1.0, renormalised.TargetMass, 15);
        Assert.Equal(0.5 / 1.1, renormalised.TargetWeights[0], 15);
        // Rounding-level differences are accepted as equal.
        OtProblem.Create([0.1, 0.2], [0.3, 1e-17], Cost2x2);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void NonFiniteCostIsRejectedWithItsPosition(double bad, string shown)
    {
        var e = Assert.Throws<ArgumentException>(() => CostMatrix.FromArray(2, 3, [0, 1, 2, 3, bad, 5]));
        Assert.Contains("(1, 1)", e.Message);
        Assert.Contains(shown, e.Message);
        Assert.Contains("finite", e.Message);
    }

    [Fact]
    public void CostShapeIsChecked()
    {
        var e = Assert.Throws<ArgumentException>(() => CostMatrix.FromArray(2, 3, [1, 2, 3]));
        Assert.Contains("2 x 3", e.Message);
    }

    [Fact]
    public void NonFinitePointsAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => PointCloud.FromArray(2, 2, [0, 1, double.NaN, 3]));
        Assert.Contains("point 1", e.Message);
    }

    [Fact]
    public void BadRegularisationAndOptionsAreRejected()
    {
        var problem = OtProblem.Uniform(Cost2x2);
        Assert.Throws<ArgumentOutOfRangeException>(() => LogSinkhorn.Solve(problem, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LogSinkhorn.Solve(problem, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => LogSinkhorn.Solve(problem, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SinkhornNewtonSparse.Solve(problem, double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => LogSinkhorn.Solve(problem, 0.1, new SinkhornOptions { Tolerance = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SinkhornNewtonSparse.Solve(problem, 0.1, new SnsOptions { CgTolerance = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SinkhornNewtonSparse.Solve(problem, 0.1, new SnsOptions { DroppedMass = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => NetworkSimplex.Solve(problem, new ExactOptions { MaxPivots = -1 }));
        var e = Assert.Throws<ArgumentException>(() => LogSinkhorn.Solve(problem, 0.1, new SinkhornOptions { WarmStart = ([0.0], [0.0, 0.0]) }));
        Assert.Contains("Warm-start F", e.Message);
    }

    [Fact]
    public void CsvErrorsSayFileAndLine()
    {
        var e = Assert.Throws<FormatException>(() => PointCloud.ParseCsv(new StringReader("x,y\n0,1\n2,oops\n"), "X.csv"));
        Assert.Contains("X.csv, line 3", e.Message);
        var e2 = Assert.Throws<FormatException>(() => PointCloud.ParseCsv(new StringReader("0,1\n2,3,4\n"), "X.csv"));
        Assert.Contains("line 2", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => Histogram.ParseCsv(new StringReader("# nothing\n"), "a.csv"));
        Assert.Contains("no weights", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => CostMatrix.ParseCsv(new StringReader("1,2\nnan,4\n"), "C.csv"));
        Assert.Contains("(1, 0)", e4.Message);
        var e5 = Assert.Throws<ArgumentException>(() => PointCloud.ParseCsv(new StringReader("1,Infinity\n"), "X.csv"));
        Assert.Contains("finite", e5.Message);
    }

    [Fact]
    public void CsvReadersAcceptHeadersCommentsAndLayouts()
    {
        var cloud = PointCloud.ParseCsv(new StringReader("# points\nx,y\n0,1\n2.5,3e-1\n"));
        Assert.Equal(2, cloud.Count);
        Assert.Equal(0.3, cloud.Point(1)[1]);
        Assert.Equal([0.25, 0.75], Histogram.ParseCsv(new StringReader("0.25\n0.75\n")));
        Assert.Equal([0.25, 0.75], Histogram.ParseCsv(new StringReader("0.25,0.75\n")));
        var cost = CostMatrix.ParseCsv(new StringReader("1,2,3\n4,5,6\n"));
        Assert.Equal(6, cost[1, 2]);
        using var text = new StringWriter();
        cloud.WriteCsv(text);
        var again = PointCloud.ParseCsv(new StringReader(text.ToString()));
        Assert.Equal(cloud.Coordinates.ToArray(), again.Coordinates.ToArray());
    }

    [Fact]
    public void PointCostsAndNormalisation()
    {
        var x = PointCloud.FromArray(2, 2, [0, 0, 1, 0]);
        var y = PointCloud.FromArray(3, 2, [0, 0, 0, 2, 3, 4]);
        var sq = CostMatrix.FromPoints(x, y, GroundMetric.SquaredEuclidean);
        Assert.Equal(4, sq[0, 1]);
        Assert.Equal(25, sq[0, 2]);
        Assert.Equal(20, sq[1, 2]);
        var eu = CostMatrix.FromPoints(x, y, GroundMetric.Euclidean);
        Assert.Equal(5, eu[0, 2]);
        var normalised = sq.NormalizedByMax(out double scale);
        Assert.Equal(25, scale);
        Assert.Equal(1, normalised[0, 2]);
        Assert.Equal(GroundMetric.Euclidean, GroundMetrics.Parse("euclidean"));
        Assert.Throws<ArgumentException>(() => GroundMetrics.Parse("cosine"));
    }
}
