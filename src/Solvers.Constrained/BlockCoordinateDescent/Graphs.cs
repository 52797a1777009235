using Solvers.Linear.Storage;

namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>A weighted undirected graph as an edge list.</summary>
/// <param name="NodeCount">Number of nodes.</param>
/// <param name="Edges">Edges (i, j, weight) with i != j, each listed once.</param>
public sealed record Graph(int NodeCount, IReadOnlyList<(int I, int J, double Weight)> Edges);

/// <summary>Graph builders and graph-based problems (label propagation) for block coordinate descent.</summary>
public static class Graphs
{
    /// <summary>The rows x cols 4-neighbour lattice, node (r, c) = r cols + c, all edges of weight <paramref name="weight"/>.</summary>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public static Graph Lattice(int rows, int cols, double weight = 1)
    {
        if (rows < 1 || cols < 1) throw new ArgumentException($"Lattice sizes must be positive, were {rows} x {cols}.", nameof(rows));
        var edges = new List<(int, int, double)>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                int v = r * cols + c;
                if (c + 1 < cols) edges.Add((v, v + 1, weight));
                if (r + 1 < rows) edges.Add((v, v + cols, weight));
            }
        return new Graph(rows * cols, edges);
    }

    /// <summary>The symmetrised k-nearest-neighbour graph of points (rows of <paramref name="points"/>), weights 1.</summary>
    /// <exception cref="ArgumentException">k is not in [1, n-1].</exception>
    public static Graph NearestNeighbours(double[][] points, int k)
    {
        ArgumentNullException.ThrowIfNull(points);
        int n = points.Length;
        if (k < 1 || k >= n) throw new ArgumentException($"k must be in [1, {n - 1}], was {k}.", nameof(k));
        var set = new HashSet<(int, int)>();
        var distance = new double[n];
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int d = 0; d < points[i].Length; d++) s += (points[i][d] - points[j][d]) * (points[i][d] - points[j][d]);
                distance[j] = j == i ? double.PositiveInfinity : s;
                order[j] = j;
            }
            Array.Sort((double[])distance.Clone(), order);
            for (int m = 0; m < k; m++) set.Add((Math.Min(i, order[m]), Math.Max(i, order[m])));
        }
        return new Graph(n, set.OrderBy(e => e).Select(e => (e.Item1, e.Item2, 1.0)).ToList());
    }

    /// <summary>
    /// Quadratic label propagation: minimise 1/2 sum_edges w_ij (x_i - x_j)^2 over the unlabelled nodes with the labelled
    /// ones fixed. Returns Q = L_uu (the graph Laplacian on unlabelled nodes) and c = W_ul y_l, plus the map from
    /// variable index to node.
    /// </summary>
    /// <exception cref="ArgumentException">A labelled node is out of range or repeated.</exception>
    public static (QuadraticObjective Objective, int[] Nodes) LabelPropagation(Graph graph, IReadOnlyDictionary<int, double> labels)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(labels);
        foreach (int v in labels.Keys)
            if ((uint)v >= (uint)graph.NodeCount) throw new ArgumentException($"Labelled node {v} is out of range.", nameof(labels));
        var index = new int[graph.NodeCount];
        var nodes = new List<int>();
        for (int v = 0; v < graph.NodeCount; v++)
        {
            if (labels.ContainsKey(v)) { index[v] = -1; continue; }
            index[v] = nodes.Count;
            nodes.Add(v);
        }
        int n = nodes.Count;
        var coo = new CooMatrix(n, n, 4 * graph.Edges.Count + n);
        var diagonal = new double[n];
        var c = new double[n];
        foreach (var (i, j, w) in graph.Edges)
        {
            int a = index[i], b = index[j];
            if (a >= 0) diagonal[a] += w;
            if (b >= 0) diagonal[b] += w;
            if (a >= 0 && b >= 0) { coo.Add(a, b, -w); coo.Add(b, a, -w); }
            else if (a >= 0 && b < 0) c[a] += w * labels[j];
            else if (b >= 0 && a < 0) c[b] += w * labels[i];
        }
        for (int a = 0; a < n; a++) coo.Add(a, a, diagonal[a]);
        return (new QuadraticObjective(coo.ToCsr(), c), nodes.ToArray());
    }

    /// <summary>The red-black (checkerboard) partition of a rows x cols lattice, as variable indices via <paramref name="index"/>.</summary>
    public static int[][] RedBlack(int rows, int cols, Func<int, int> index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var red = new List<int>();
        var black = new List<int>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                int v = index(r * cols + c);
                if (v < 0) continue;
                ((r + c) % 2 == 0 ? red : black).Add(v);
            }
        return [red.ToArray(), black.ToArray()];
    }

    /// <summary>
    /// A two-forest partition of a rows x cols lattice: block 1 = the even rows plus column 0 (a comb, one tree), block 2 =
    /// the odd rows without column 0 (disjoint paths). Node indices go through <paramref name="index"/> (-1 = not a variable).
    /// </summary>
    public static int[][] TwoForests(int rows, int cols, Func<int, int> index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var comb = new List<int>();
        var paths = new List<int>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                int v = index(r * cols + c);
                if (v < 0) continue;
                (r % 2 == 0 || c == 0 ? comb : paths).Add(v);
            }
        return [comb.ToArray(), paths.ToArray()];
    }
}

/// <summary>A lattice label-propagation instance with its blocks (data set D of Nutini et al. 2022).</summary>
/// <param name="Objective">The quadratic over the unlabelled nodes.</param>
/// <param name="Nodes">Variable index to lattice node.</param>
/// <param name="Trees">The two-forest partition (<see cref="Graphs.TwoForests"/>).</param>
/// <param name="RedBlack">The red-black partition (<see cref="Graphs.RedBlack"/>).</param>
public sealed record LatticeProblem(QuadraticObjective Objective, int[] Nodes, int[][] Trees, int[][] RedBlack)
{
    /// <summary>
    /// Data set D: a rows x cols 4-neighbour lattice with edge weight <paramref name="weight"/> and <paramref name="labelled"/>
    /// random nodes labelled 10 N(0,1) (seeded); default 50 x 50, 1e5, 100.
    /// </summary>
    /// <exception cref="ArgumentException">A size is out of range.</exception>
    public static LatticeProblem DataSetD(int rows = 50, int cols = 50, double weight = 1e5, int labelled = 100, int seed = 1)
    {
        if (labelled < 1 || labelled >= rows * cols)
            throw new ArgumentException($"labelled must be in [1, {rows * cols - 1}], was {labelled}.", nameof(labelled));
        var rng = new Random(seed);
        var labels = new Dictionary<int, double>();
        while (labels.Count < labelled) labels[rng.Next(rows * cols)] = 10 * SyntheticData.Gaussian(rng);
        var (objective, nodes) = Graphs.LabelPropagation(Graphs.Lattice(rows, cols, weight), labels);
        var position = new int[rows * cols];
        Array.Fill(position, -1);
        for (int i = 0; i < nodes.Length; i++) position[nodes[i]] = i;
        return new LatticeProblem(objective, nodes, Graphs.TwoForests(rows, cols, v => position[v]), Graphs.RedBlack(rows, cols, v => position[v]));
    }
}

/// <summary>
/// An unstructured label-propagation instance on a k-nearest-neighbour graph of points (data set E of Nutini et al. 2022).
/// </summary>
/// <param name="Objective">The quadratic over the unlabelled nodes.</param>
/// <param name="Nodes">Variable index to graph node.</param>
/// <param name="Graph">The symmetrised kNN graph (weights 1).</param>
/// <param name="Points">The point of every node (two moons: node i &lt; count/2 on the upper moon).</param>
/// <param name="Labels">Labelled node to its label.</param>
public sealed record NearestNeighbourProblem(QuadraticObjective Objective, int[] Nodes, Graph Graph, double[][] Points,
    IReadOnlyDictionary<int, double> Labels)
{
    /// <summary>
    /// Data set E: <paramref name="count"/> points on two interleaved half circles ("two moons": upper moon (cos t, sin t),
    /// lower moon (1 - cos t, 1/2 - sin t), t uniform in [0, pi], plus N(0, noise^2) per coordinate), their
    /// <paramref name="neighbours"/>-nearest-neighbour graph with weights 1 (symmetrised), and <paramref name="labelled"/>
    /// random nodes labelled +1 (upper moon) or -1 (lower moon); default 2000 nodes, k = 5, 100 labelled, noise 0.1.
    /// The brief states the point set, k, the weights and the label count; the reference code loads a stored graph,
    /// so the moon parametrisation, the noise level and the +-1 labels are this generator's choices (its F* differs
    /// from the paper's -717.709).
    /// </summary>
    /// <exception cref="ArgumentException">A size is out of range or noise is negative.</exception>
    public static NearestNeighbourProblem DataSetE(int count = 2000, int neighbours = 5, int labelled = 100, double noise = 0.1, int seed = 1)
    {
        if (count < 4) throw new ArgumentException($"count must be at least 4, was {count}.", nameof(count));
        if (labelled < 1 || labelled >= count) throw new ArgumentException($"labelled must be in [1, {count - 1}], was {labelled}.", nameof(labelled));
        if (!(noise >= 0) || double.IsInfinity(noise)) throw new ArgumentException($"noise must be finite and non-negative, was {noise}.", nameof(noise));
        var rng = new Random(seed);
        var points = TwoMoons(count, noise, rng);
        var graph = Graphs.NearestNeighbours(points, neighbours);
        var labels = new Dictionary<int, double>();
        while (labels.Count < labelled)
        {
            int v = rng.Next(count);
            labels[v] = v < count / 2 ? 1.0 : -1.0;
        }
        var (objective, nodes) = Graphs.LabelPropagation(graph, labels);
        return new NearestNeighbourProblem(objective, nodes, graph, points, labels);
    }

    /// <summary>The two-moons point set: the first count/2 points on the upper moon, the rest on the lower one.</summary>
    public static double[][] TwoMoons(int count, double noise, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var points = new double[count][];
        int upper = count / 2;
        for (int i = 0; i < count; i++)
        {
            double t = Math.PI * rng.NextDouble();
            double x = i < upper ? Math.Cos(t) : 1 - Math.Cos(t);
            double y = i < upper ? Math.Sin(t) : 0.5 - Math.Sin(t);
            points[i] = [x + noise * SyntheticData.Gaussian(rng), y + noise * SyntheticData.Gaussian(rng)];
        }
        return points;
    }
}
