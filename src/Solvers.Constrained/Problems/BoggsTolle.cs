using static Solvers.Constrained.Problems.Jet;

namespace Solvers.Constrained.Problems;

/// <summary>
/// The equality-constrained Boggs-Tolle problems of the AdaSketch CUTEst table (brief section 10.1): P. T. Boggs
/// and J. W. Tolle, "A strategy for global convergence in a sequential quadratic programming algorithm",
/// SINUM 26(3), 1989, as coded in CUTEst by Ph. Toint (1993), including CUTEst's sign corrections of BT5, BT9
/// and BT10 and CUTEst's starting points. Optimal values are the CUTEst SIF "SOLTN" values, except BT3, a convex
/// QP, whose optimum 176/43 is exact.
/// </summary>
public static class BoggsTolle
{
    private const string Source = "CUTEst SIF (Boggs & Tolle 1989)";

    /// <summary>The problem names: bt2, bt3, bt5, bt6, bt9, bt10, bt11, bt12.</summary>
    public static IReadOnlyList<string> Names { get; } = ["bt2", "bt3", "bt5", "bt6", "bt9", "bt10", "bt11", "bt12"];

    /// <summary>Creates the named problem (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static TestProblem Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        double s2 = Math.Sqrt(2);
        return name.ToLowerInvariant() switch
        {
            "bt2" => Make("bt2", [10, 10, 10], 0.032568200,
                x => Square(x[0] - 1) + Square(x[0] - x[1]) + Pow(x[1] - x[2], 4),
                x => [x[0] * (1 + Square(x[1])) + Pow(x[2], 4) - 8.2426407]),
            "bt3" => Make("bt3", [20, 20, 20, 20, 20], 176.0 / 43.0,
                x => Square(x[0] - x[1]) + Square(x[1] + x[2] - 2) + Square(x[3] - 1) + Square(x[4] - 1),
                x => [x[0] + 3 * x[1], x[2] + x[3] - 2 * x[4], x[1] - x[4]]),
            "bt5" => Make("bt5", [2, 2, 2], 961.715172,
                x => 1000 - Square(x[0]) - 2 * Square(x[1]) - Square(x[2]) - x[0] * x[1] - x[0] * x[2],
                x => [Square(x[0]) + Square(x[1]) + Square(x[2]) - 25, 8 * x[0] + 14 * x[1] + 7 * x[2] - 56]),
            "bt6" => Make("bt6", [2, 2, 2, 2, 2], 0.277044924,
                x => Square(x[0] - 1) + Square(x[0] - x[1]) + Square(x[2] - 1) + Pow(x[3] - 1, 4) + Pow(x[4] - 1, 6),
                x => [x[3] * Square(x[0]) + Sin(x[3] - x[4]) - 2 * s2, Pow(x[2], 4) * Square(x[1]) + x[1] - 8 - s2]),
            "bt9" => Make("bt9", [2, 2, 2, 2], -1,
                x => -x[0],
                x => [x[1] - Pow(x[0], 3) - Square(x[2]), -x[1] + Square(x[0]) - Square(x[3])]),
            "bt10" => Make("bt10", [2, 2], -1,
                x => -x[0],
                x => [x[1] - Pow(x[0], 3), -x[1] + Square(x[0])]),
            "bt11" => Make("bt11", [2, 2, 2, 2, 2], 0.824891,
                x => Square(x[0] - 1) + Square(x[0] - x[1]) + Square(x[1] - x[2]) + Pow(x[2] - x[3], 4) + Pow(x[3] - x[4], 4),
                x => [x[0] + Square(x[1]) + Pow(x[2], 3) + 2 - Math.Sqrt(18), x[1] + x[3] - Square(x[2]) + 2 - Math.Sqrt(8), x[0] - x[4] - 2]),
            "bt12" => Make("bt12", [15.811, 1.5811, 0, 15.083, 3.7164], 6.18811881,
                x => 0.01 * Square(x[0]) + Square(x[1]),
                x => [x[0] + x[1] - Square(x[2]) - 25, Square(x[0]) + Square(x[1]) - Square(x[3]) - 25, x[0] - Square(x[4]) - 2]),
            _ => throw new ArgumentException($"Unknown Boggs-Tolle problem '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    private static TestProblem Make(string name, double[] start, double optimum, Func<Jet[], Jet> f, Func<Jet[], Jet[]> c)
    {
        int m = c(start.Select(v => (Jet)v).ToArray()).Length;
        return new TestProblem(new AlgebraicProblem(name, start, m, f, c), optimum, Source);
    }
}
