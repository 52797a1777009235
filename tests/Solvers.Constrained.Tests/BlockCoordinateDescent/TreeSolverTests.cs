using Solvers.Constrained.BlockCoordinateDescent;
using Solvers.Linear.Storage;

namespace Solvers.Constrained.Tests.BlockCoordinateDescent;

public class TreeSolverTests
{
    /// <summary>A random forest (random parent for each node, a few roots) as an SPD matrix: diagonal = 1 + sum |off-diagonal|.</summary>
    private static CsrMatrix RandomForest(int n, int seed)
    {
        var rng = new Random(seed);
        var coo = new CooMatrix(n, n);
        var diagonal = Enumerable.Repeat(0.5, n).ToArray();
        for (int v = 1; v < n; v++)
        {
            if (rng.NextDouble() < 0.05) continue;   // a new root
            int parent = rng.Next(v);
            double w = rng.NextDouble() * 2 - 1;
            coo.Add(v, parent, w);
            coo.Add(parent, v, w);
            diagonal[v] += Math.Abs(w);
            diagonal[parent] += Math.Abs(w);
        }
        for (int v = 0; v < n; v++) coo.Add(v, v, diagonal[v]);
        return coo.ToCsr();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    [InlineData(60, 3)]
    public void MessagePassingEqualsADenseSolve(int n, int seed)
    {
        var q = RandomForest(n, seed);
        var block = Enumerable.Range(0, n).Reverse().ToArray();   // any order
        var rng = new Random(seed);
        var rhs = block.Select(_ => rng.NextDouble() - 0.5).ToArray();
        var x = new double[n];
        Assert.True(new TreeSolver(q, block).Solve(block, rhs, x));
        var dense = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) dense[i, j] = q[block[i], block[j]];
        var expected = TestProblems.CholeskySolve(dense, rhs);
        for (int i = 0; i < n; i++) Assert.Equal(expected[i], x[i], 1e-12);
    }

    [Fact]
    public void SubBlockOfALatticeIsSolvedExactly()
    {
        var (f, nodes) = Graphs.LabelPropagation(Graphs.Lattice(6, 7), new Dictionary<int, double> { [0] = 1, [41] = -2 });
        int Index(int node) => Array.IndexOf(nodes, node);
        var blocks = Graphs.TwoForests(6, 7, Index);
        foreach (var block in blocks)
        {
            var sorted = block.Order().ToArray();
            var rhs = sorted.Select(v => 1.0 + v).ToArray();
            var x = new double[sorted.Length];
            Assert.True(new TreeSolver(f.Matrix, sorted).Solve(sorted, rhs, x));
            var dense = new double[sorted.Length, sorted.Length];
            for (int i = 0; i < sorted.Length; i++) for (int j = 0; j < sorted.Length; j++) dense[i, j] = f.Matrix[sorted[i], sorted[j]];
            var expected = TestProblems.CholeskySolve(dense, rhs);
            for (int i = 0; i < sorted.Length; i++) Assert.Equal(expected[i], x[i], 1e-10);
        }
    }

    [Fact]
    public void ACycleIsRejected()
    {
        var (f, _) = Graphs.LabelPropagation(Graphs.Lattice(3, 3), new Dictionary<int, double> { [0] = 1 });
        var all = Enumerable.Range(0, f.VariableCount).ToArray();
        Assert.Equal("block", Assert.Throws<ArgumentException>(() => new TreeSolver(f.Matrix, all)).ParamName);
    }

    [Theory]
    [InlineData("trees")]
    [InlineData("red-black")]
    public void LatticeLabelPropagationConvergesToTheDenseSolution(string partition)
    {
        const int rows = 12, cols = 10;
        var rng = new Random(2);
        var labels = new Dictionary<int, double>();
        while (labels.Count < 8) labels[rng.Next(rows * cols)] = 10 * TestProblems.Normal(rng);
        var (f, nodes) = Graphs.LabelPropagation(Graphs.Lattice(rows, cols, 1e5), labels);
        var position = new int[rows * cols];
        Array.Fill(position, -1);
        for (int i = 0; i < nodes.Length; i++) position[nodes[i]] = i;
        var blocks = partition == "trees" ? Graphs.TwoForests(rows, cols, v => position[v]) : Graphs.RedBlack(rows, cols, v => position[v]);
        var x = new double[f.VariableCount];
        var result = BcdSolver.Solve(f, 0, x, new BcdOptions { Blocks = blocks, Rule = SelectionRule.Cyclic, Update = BlockUpdate.Exact, Tolerance = 1e-12 });
        Assert.True(result.Converged, result.Status.ToString());
        int n = f.VariableCount;
        var dense = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) dense[i, j] = f.Matrix[i, j];
        var c = new double[n];
        f.Reset(new double[n]);
        f.Gradient(new double[n], c);   // gradient at 0 is -c
        var expected = TestProblems.CholeskySolve(dense, c.Select(v => -v).ToArray());
        for (int i = 0; i < n; i++) Assert.Equal(expected[i], x[i], 1e-7);
    }
}
