using Solvers.Constrained.BlockCoordinateDescent;
using Solvers.Linear.Direct;
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
    public void AnIndefiniteTreeIsReportedAndSolveRefusesWithoutTouchingX()
    {
        // a path 0 - 1 - 2 with unit couplings and diagonal 1: eigenvalues 1 - sqrt 2, 1, 1 + sqrt 2
        var coo = new CooMatrix(3, 3);
        for (int v = 0; v < 3; v++) coo.Add(v, v, 1);
        for (int v = 1; v < 3; v++) { coo.Add(v, v - 1, 1); coo.Add(v - 1, v, 1); }
        var block = new[] { 0, 1, 2 };
        var tree = new TreeSolver(coo.ToCsr(), block);
        Assert.False(tree.IsPositiveDefinite);
        var x = new[] { 7.0, 8.0, 9.0 };
        Assert.False(tree.Solve(block, new[] { 1.0, 2.0, 3.0 }, x));
        Assert.Equal(new[] { 7.0, 8.0, 9.0 }, x);
    }

    [Fact]
    public void OneFactorisationSolvesManyRightHandSides()
    {
        const int n = 200;
        var q = RandomForest(n, 9);
        var block = Enumerable.Range(0, n).ToArray();
        var tree = new TreeSolver(q, block);
        Assert.True(tree.IsPositiveDefinite);
        var dense = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) dense[i, j] = q[i, j];
        var rng = new Random(10);
        for (int k = 0; k < 5; k++)
        {
            var rhs = block.Select(_ => rng.NextDouble() - 0.5).ToArray();
            var x = new double[n];
            Assert.True(tree.Solve(block, rhs, x));
            var expected = TestProblems.CholeskySolve(dense, rhs);
            for (int i = 0; i < n; i++) Assert.Equal(expected[i], x[i], 1e-12);
        }
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

    /// <summary>
    /// Claim 3 of the BCD brief at test size: the message-passing solve of a random SPD tree system equals the sparse
    /// Cholesky solution to 1e-10 relative error, for the block in label order (the solver's no-permutation path) and
    /// shuffled (its breadth-first path), on a random recursive tree, the same tree with breadth-first labels, and a path
    /// (depth n - 1: nothing in the solver may recurse).
    /// </summary>
    [Theory]
    [InlineData(20_000, 0.0, false, false)]
    [InlineData(20_000, 0.0, true, false)]
    [InlineData(20_000, 0.0, false, true)]
    [InlineData(20_000, 1.0, false, false)]
    [InlineData(20_000, 1.0, false, true)]
    [InlineData(150_000, 0.0, false, false)]   // above the size where Solve prefetches parent entries
    public void RandomTreeSystemMatchesSparseCholesky(int n, double chain, bool breadthFirstLabels, bool shuffle)
    {
        var q = RandomTreeSystem.Matrix(n, seed: 11, chain, breadthFirstLabels);
        var rng = new Random(12);
        var b = Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        var block = Enumerable.Range(0, n).ToArray();
        if (shuffle) new Random(13).Shuffle(block);
        var rhs = block.Select(v => b[v]).ToArray();
        var xb = new double[n];
        var tree = new TreeSolver(q, block);
        Assert.Equal(n, tree.Count);
        Assert.True(tree.Solve(block, rhs, xb));
        var x = new double[n];
        for (int p = 0; p < n; p++) x[block[p]] = xb[p];

        var reference = new double[n];
        SparseCholesky.Factorize(q).Solve(b, reference);
        double diff = 0, norm = 0;
        for (int i = 0; i < n; i++) { diff += (x[i] - reference[i]) * (x[i] - reference[i]); norm += reference[i] * reference[i]; }
        Assert.True(Math.Sqrt(diff / norm) <= 1e-10, $"relative error {Math.Sqrt(diff / norm)}");
        // and the residual, independent of both factorisations
        var qx = new double[n];
        q.Apply(x, qx);
        double r = 0, bb = 0;
        for (int i = 0; i < n; i++) { r += (b[i] - qx[i]) * (b[i] - qx[i]); bb += b[i] * b[i]; }
        Assert.True(Math.Sqrt(r / bb) <= 1e-13, $"relative residual {Math.Sqrt(r / bb)}");
        // a second solve on the same instance (reused scratch) gives the same answer
        var again = new double[n];
        Assert.True(tree.Solve(block, rhs, again));
        Assert.Equal(xb, again);
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.0, true)]
    [InlineData(0.5, false)]
    public void RandomTreeSystemIsASpanningTreeWithADominantDiagonal(double chain, bool breadthFirstLabels)
    {
        const int n = 3000;
        var q = RandomTreeSystem.Matrix(n, seed: 5, chain, breadthFirstLabels);
        Assert.Equal(q.ColumnIndices.ToArray(), RandomTreeSystem.Matrix(n, seed: 5, chain, breadthFirstLabels).ColumnIndices.ToArray());
        // n - 1 symmetric edges, every node reaches node 0 through parents with smaller labels: a spanning tree
        int offDiagonal = 0;
        for (int v = 0; v < n; v++)
        {
            double off = 0, diagonal = 0;
            int lower = 0;
            for (int k = q.RowPointers[v]; k < q.RowPointers[v + 1]; k++)
            {
                int w = q.ColumnIndices[k];
                if (w == v) { diagonal = q.Values[k]; continue; }
                offDiagonal++;
                off += Math.Abs(q.Values[k]);
                Assert.Equal(q.Values[k], q[w, v]);
                if (w < v) lower++;
            }
            Assert.Equal(v == 0 ? 0 : 1, lower);
            Assert.True(diagonal > off + 0.009, $"row {v}: diagonal {diagonal} vs off-diagonal sum {off}");
        }
        Assert.Equal(2 * (n - 1), offDiagonal);
    }
}
