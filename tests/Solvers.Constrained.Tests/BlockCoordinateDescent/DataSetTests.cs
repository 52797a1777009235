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

public class DataSetETests
{
    private static readonly NearestNeighbourProblem E = NearestNeighbourProblem.DataSetE();

    [Fact]
    public void DataSetEHasTheStatedSizesLabelsAndDegrees()
    {
        Assert.Equal(2000, E.Points.Length);
        Assert.Equal(100, E.Labels.Count);
        Assert.Equal(1900, E.Objective.VariableCount);
        Assert.All(E.Labels, kv => Assert.Equal(kv.Key < 1000 ? 1.0 : -1.0, kv.Value));
        Assert.All(E.Graph.Edges, e => Assert.Equal(1.0, e.Weight));
        // independent check of the kNN graph: every node is joined to its 5 nearest points (brute force), and every
        // edge is one of the two endpoints' 5 nearest
        var neighbours = new HashSet<int>[2000];
        for (int v = 0; v < 2000; v++) neighbours[v] = new HashSet<int>();
        foreach (var (i, j, _) in E.Graph.Edges) { neighbours[i].Add(j); neighbours[j].Add(i); }
        var nearest = new int[2000][];
        for (int v = 0; v < 2000; v++)
        {
            var p = E.Points[v];
            nearest[v] = Enumerable.Range(0, 2000).Where(u => u != v)
                .OrderBy(u => (E.Points[u][0] - p[0]) * (E.Points[u][0] - p[0]) + (E.Points[u][1] - p[1]) * (E.Points[u][1] - p[1]))
                .Take(5).ToArray();
            Assert.All(nearest[v], u => Assert.Contains(u, neighbours[v]));
            Assert.True(neighbours[v].Count >= 5);
        }
        foreach (var (i, j, _) in E.Graph.Edges) Assert.True(nearest[i].Contains(j) || nearest[j].Contains(i));
        // the points lie on the two moons up to the noise (0.1): radius 1 around (0, 0) and (1, 0.5)
        for (int v = 0; v < 2000; v++)
        {
            double cx = v < 1000 ? 0 : 1, cy = v < 1000 ? 0 : 0.5;
            double r = Math.Sqrt((E.Points[v][0] - cx) * (E.Points[v][0] - cx) + (E.Points[v][1] - cy) * (E.Points[v][1] - cy));
            Assert.InRange(r, 0.4, 1.6);
        }
    }

    [Fact]
    public void DataSetEIsPositiveDefiniteAndItsOptimumSolvesTheLaplacianSystem()
    {
        // Q = L_uu is positive definite iff every connected component of the graph holds a labelled node
        var adjacency = new List<int>[2000];
        for (int v = 0; v < 2000; v++) adjacency[v] = new List<int>();
        foreach (var (i, j, _) in E.Graph.Edges) { adjacency[i].Add(j); adjacency[j].Add(i); }
        var seen = new bool[2000];
        for (int s = 0; s < 2000; s++)
        {
            if (seen[s]) continue;
            var stack = new Stack<int>([s]);
            seen[s] = true;
            bool hasLabel = false;
            while (stack.Count > 0)
            {
                int v = stack.Pop();
                hasLabel |= E.Labels.ContainsKey(v);
                foreach (int u in adjacency[v]) if (!seen[u]) { seen[u] = true; stack.Push(u); }
            }
            Assert.True(hasLabel, $"the component of node {s} has no labelled node");
        }
        // BCD (GSL with variable 12-blocks and matrix updates) reaches the solution of Q x = c found by CG
        var x = new double[1900];
        E.Objective.Reset(x);
        var c = new double[1900];
        E.Objective.Gradient(x, c);   // g(0) = -c
        for (int i = 0; i < c.Length; i++) c[i] = -c[i];
        var reference = new double[1900];
        var cg = Solvers.Linear.Krylov.ConjugateGradient.Solve(E.Objective.Matrix, c, reference, null,
            new Solvers.Linear.Solving.SolverOptions { RelativeTolerance = 1e-14, MaxIterations = 100_000 });
        Assert.True(cg.Converged, cg.Status.ToString());
        var result = BcdSolver.Solve(E.Objective, 0, x, new BcdOptions { Rule = SelectionRule.GaussSouthwellLipschitz, Partition = BlockPartition.Variable, BlockSize = 12, Update = BlockUpdate.Matrix, Tolerance = 1e-11, MaxIterations = 400_000 });
        Assert.True(result.Converged, result.Status.ToString());
        double error = 0, norm = 0;
        for (int i = 0; i < 1900; i++) { error = Math.Max(error, Math.Abs(x[i] - reference[i])); norm = Math.Max(norm, Math.Abs(reference[i])); }
        Assert.True(error <= 1e-8 * norm, $"max error {error:E2}, max |x*| {norm:E2}");
        Assert.All(reference, v => Assert.InRange(v, -1 - 1e-9, 1 + 1e-9));   // harmonic: between the labels
    }

    [Fact]
    public void DataSetEIsReproducibleFromTheSeed()
    {
        var again = NearestNeighbourProblem.DataSetE();
        Assert.Equal(E.Points.SelectMany(p => p), again.Points.SelectMany(p => p));
        Assert.Equal(E.Labels.OrderBy(kv => kv.Key), again.Labels.OrderBy(kv => kv.Key));
        var other = NearestNeighbourProblem.DataSetE(seed: 2);
        Assert.NotEqual(E.Points[0], other.Points[0]);
    }
}
