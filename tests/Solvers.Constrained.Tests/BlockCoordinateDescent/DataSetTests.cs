using Solvers.Constrained.BlockCoordinateDescent;

namespace Solvers.Constrained.Tests.BlockCoordinateDescent;

public class DataSetTests
{
    [Fact]
    public void DataSetAHasTheStatedSizeAndDensity()
    {
        var a = SyntheticData.A(1000, 2000, seed: 1);
        Assert.Equal(1000, a.SampleCount);
        Assert.Equal(2000, a.FeatureCount);
        double density = a.Features.NonZeroCount / (1000.0 * 2000);
        Assert.InRange(density, 0.9 * 0.069, 1.1 * 0.069);
        var again = SyntheticData.A(1000, 2000, seed: 1);
        Assert.Equal(a.Labels, again.Labels);
    }

    [Fact]
    public void DataSetBHasBinaryLabels()
    {
        var b = SyntheticData.B(200, 300, seed: 2);
        Assert.All(b.Labels, y => Assert.True(y is 1.0 or -1.0));
        Assert.Contains(1.0, b.Labels);
        Assert.Contains(-1.0, b.Labels);
    }

    [Fact]
    public void DataSetDHasOneHundredLabelledNodesAndLatticeDegreesAtMostFour()
    {
        var d = LatticeProblem.DataSetD();
        Assert.Equal(2500 - 100, d.Objective.VariableCount);
        var q = d.Objective.Matrix;
        for (int i = 0; i < q.RowCount; i++) Assert.InRange(q.RowPointers[i + 1] - q.RowPointers[i] - 1, 0, 4);
        Assert.Equal(d.Objective.VariableCount, d.Trees.Sum(b => b.Length));
        Assert.Equal(d.Objective.VariableCount, d.RedBlack.Sum(b => b.Length));
    }

    [Fact]
    public void NearestNeighbourGraphGivesEveryNodeAtLeastKNeighbours()
    {
        var rng = new Random(3);
        var points = Enumerable.Range(0, 60).Select(_ => new[] { rng.NextDouble(), rng.NextDouble() }).ToArray();
        var graph = Graphs.NearestNeighbours(points, 5);
        var degree = new int[60];
        foreach (var (i, j, _) in graph.Edges) { degree[i]++; degree[j]++; }
        Assert.All(degree, k => Assert.True(k >= 5));
        Assert.Equal(graph.Edges.Count, graph.Edges.Distinct().Count());
    }
}

public class DataSetCTests
{
    [Fact]
    public void DataSetCHasClassLabels()
    {
        var c = SyntheticData.C(300, 200, 10, seed: 4);
        Assert.All(c.Labels, y => Assert.InRange(y, 0, 9));
        Assert.True(c.Labels.Distinct().Count() >= 5);
    }
}
