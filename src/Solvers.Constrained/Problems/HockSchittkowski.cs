using static Solvers.Constrained.Problems.Jet;

namespace Solvers.Constrained.Problems;

/// <summary>
/// The equality-constrained problems of W. Hock and K. Schittkowski, "Test Examples for Nonlinear Programming
/// Codes", Lecture Notes in Economics and Mathematical Systems 187, Springer, 1981: objective, constraints,
/// standard starting point and the optimal value f(x*) printed there. Numbering and formulas follow the book;
/// x1..xn of the book are x[0]..x[n-1] here.
/// </summary>
public static class HockSchittkowski
{
    private const string Book = "Hock & Schittkowski (1981)";

    /// <summary>The problem names, lower case: hs6, hs7, ..., hs79.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "hs6", "hs7", "hs8", "hs9", "hs26", "hs27", "hs28", "hs39", "hs40", "hs42", "hs46", "hs47", "hs48", "hs49",
        "hs50", "hs51", "hs52", "hs56", "hs61", "hs77", "hs78", "hs79",
    ];

    /// <summary>Creates the named problem (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static TestProblem Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        double s2 = Math.Sqrt(2);
        return name.ToLowerInvariant() switch
        {
            // f = (1 - x1)^2, 10 (x2 - x1^2) = 0; x0 = (-1.2, 1); x* = (1, 1).
            "hs6" => Make("hs6", [-1.2, 1], 0,
                x => Square(1 - x[0]),
                x => [10 * (x[1] - Square(x[0]))]),
            // f = ln(1 + x1^2) - x2, (1 + x1^2)^2 + x2^2 - 4 = 0; x0 = (2, 2); x* = (0, sqrt 3), f* = -sqrt 3.
            "hs7" => Make("hs7", [2, 2], -Math.Sqrt(3),
                x => Log(1 + Square(x[0])) - x[1],
                x => [Square(1 + Square(x[0])) + Square(x[1]) - 4]),
            // f = -1, x1^2 + x2^2 - 25 = 0, x1 x2 - 9 = 0; x0 = (2, 1); f* = -1.
            "hs8" => Make("hs8", [2, 1], -1,
                _ => -1.0,
                x => [Square(x[0]) + Square(x[1]) - 25, x[0] * x[1] - 9]),
            // f = sin(pi x1 / 12) cos(pi x2 / 16), 4 x1 - 3 x2 = 0; x0 = (0, 0); x* = (12k - 3, 16k - 4), f* = -0.5.
            "hs9" => Make("hs9", [0, 0], -0.5,
                x => Sin(Math.PI * x[0] / 12) * Cos(Math.PI * x[1] / 16),
                x => [4 * x[0] - 3 * x[1]]),
            // f = (x1 - x2)^2 + (x2 - x3)^4, (1 + x2^2) x1 + x3^4 - 3 = 0; x0 = (-2.6, 2, 2); x* = (1, 1, 1), f* = 0.
            "hs26" => Make("hs26", [-2.6, 2, 2], 0,
                x => Square(x[0] - x[1]) + Pow(x[1] - x[2], 4),
                x => [(1 + Square(x[1])) * x[0] + Pow(x[2], 4) - 3]),
            // f = 0.01 (x1 - 1)^2 + (x2 - x1^2)^2, x1 + x3^2 + 1 = 0; x0 = (2, 2, 2); x* = (-1, 1, 0), f* = 0.04.
            "hs27" => Make("hs27", [2, 2, 2], 0.04,
                x => 0.01 * Square(x[0] - 1) + Square(x[1] - Square(x[0])),
                x => [x[0] + Square(x[2]) + 1]),
            // f = (x1 + x2)^2 + (x2 + x3)^2, x1 + 2 x2 + 3 x3 - 1 = 0; x0 = (-4, 1, 1); x* = (0.5, -0.5, 0.5), f* = 0.
            "hs28" => Make("hs28", [-4, 1, 1], 0,
                x => Square(x[0] + x[1]) + Square(x[1] + x[2]),
                x => [x[0] + 2 * x[1] + 3 * x[2] - 1]),
            // f = -x1, x2 - x1^3 - x3^2 = 0, x1^2 - x2 - x4^2 = 0; x0 = (2, 2, 2, 2); x* = (1, 1, 0, 0), f* = -1.
            "hs39" => Make("hs39", [2, 2, 2, 2], -1,
                x => -x[0],
                x => [x[1] - Pow(x[0], 3) - Square(x[2]), Square(x[0]) - x[1] - Square(x[3])]),
            // f = -x1 x2 x3 x4, x1^3 + x2^2 - 1 = 0, x1^2 x4 - x3 = 0, x4^2 - x2 = 0; x0 = 0.8 (all); f* = -0.25.
            "hs40" => Make("hs40", [0.8, 0.8, 0.8, 0.8], -0.25,
                x => -(x[0] * x[1] * x[2] * x[3]),
                x => [Pow(x[0], 3) + Square(x[1]) - 1, Square(x[0]) * x[3] - x[2], Square(x[3]) - x[1]]),
            // f = (x1-1)^2 + (x2-2)^2 + (x3-3)^2 + (x4-4)^2, x1 - 2 = 0, x3^2 + x4^2 - 2 = 0; x0 = 1 (all);
            // x* = (2, 2, 0.6 sqrt 2, 0.8 sqrt 2), f* = 28 - 10 sqrt 2.
            "hs42" => Make("hs42", [1, 1, 1, 1], 28 - 10 * s2,
                x => Square(x[0] - 1) + Square(x[1] - 2) + Square(x[2] - 3) + Square(x[3] - 4),
                x => [x[0] - 2, Square(x[2]) + Square(x[3]) - 2]),
            // f = (x1-x2)^2 + (x3-1)^2 + (x4-1)^4 + (x5-1)^6, x1^2 x4 + sin(x4 - x5) - 1 = 0, x2 + x3^4 x4^2 - 2 = 0;
            // x0 = (sqrt(2)/2, 1.75, 0.5, 2, 2); x* = 1 (all), f* = 0.
            "hs46" => Make("hs46", [s2 / 2, 1.75, 0.5, 2, 2], 0,
                x => Square(x[0] - x[1]) + Square(x[2] - 1) + Pow(x[3] - 1, 4) + Pow(x[4] - 1, 6),
                x => [Square(x[0]) * x[3] + Sin(x[3] - x[4]) - 1, x[1] + Pow(x[2], 4) * Square(x[3]) - 2]),
            // f = (x1-x2)^2 + (x2-x3)^3 + (x3-x4)^4 + (x4-x5)^4, x1 + x2^2 + x3^3 - 3 = 0, x2 - x3^2 + x4 - 1 = 0,
            // x1 x5 - 1 = 0; x0 = (2, sqrt 2, -1, 2 - sqrt 2, 0.5); x* = 1 (all), f* = 0.
            "hs47" => Make("hs47", [2, s2, -1, 2 - s2, 0.5], 0,
                x => Square(x[0] - x[1]) + Pow(x[1] - x[2], 3) + Pow(x[2] - x[3], 4) + Pow(x[3] - x[4], 4),
                x => [x[0] + Square(x[1]) + Pow(x[2], 3) - 3, x[1] - Square(x[2]) + x[3] - 1, x[0] * x[4] - 1]),
            // f = (x1-1)^2 + (x2-x3)^2 + (x4-x5)^2, sum x - 5 = 0, x3 - 2 (x4 + x5) + 3 = 0; x0 = (3, 5, -3, 2, -2); f* = 0.
            "hs48" => Make("hs48", [3, 5, -3, 2, -2], 0,
                x => Square(x[0] - 1) + Square(x[1] - x[2]) + Square(x[3] - x[4]),
                x => [x[0] + x[1] + x[2] + x[3] + x[4] - 5, x[2] - 2 * (x[3] + x[4]) + 3]),
            // f = (x1-x2)^2 + (x3-1)^2 + (x4-1)^4 + (x5-1)^6, x1 + x2 + x3 + 4 x4 - 7 = 0, x3 + 5 x5 - 6 = 0;
            // x0 = (10, 7, 2, -3, 0.8); f* = 0.
            "hs49" => Make("hs49", [10, 7, 2, -3, 0.8], 0,
                x => Square(x[0] - x[1]) + Square(x[2] - 1) + Pow(x[3] - 1, 4) + Pow(x[4] - 1, 6),
                x => [x[0] + x[1] + x[2] + 4 * x[3] - 7, x[2] + 5 * x[4] - 6]),
            // f = (x1-x2)^2 + (x2-x3)^2 + (x3-x4)^4 + (x4-x5)^2, x1 + 2x2 + 3x3 - 6 = 0, x2 + 2x3 + 3x4 - 6 = 0,
            // x3 + 2x4 + 3x5 - 6 = 0; x0 = (35, -31, 11, 5, -5); f* = 0.
            "hs50" => Make("hs50", [35, -31, 11, 5, -5], 0,
                x => Square(x[0] - x[1]) + Square(x[1] - x[2]) + Pow(x[2] - x[3], 4) + Square(x[3] - x[4]),
                x => [x[0] + 2 * x[1] + 3 * x[2] - 6, x[1] + 2 * x[2] + 3 * x[3] - 6, x[2] + 2 * x[3] + 3 * x[4] - 6]),
            // f = (x1-x2)^2 + (x2+x3-2)^2 + (x4-1)^2 + (x5-1)^2, x1 + 3x2 - 4 = 0, x3 + x4 - 2x5 = 0, x2 - x5 = 0;
            // x0 = (2.5, 0.5, 2, -1, 0.5); f* = 0.
            "hs51" => Make("hs51", [2.5, 0.5, 2, -1, 0.5], 0,
                x => Square(x[0] - x[1]) + Square(x[1] + x[2] - 2) + Square(x[3] - 1) + Square(x[4] - 1),
                x => [x[0] + 3 * x[1] - 4, x[2] + x[3] - 2 * x[4], x[1] - x[4]]),
            // f = (4x1-x2)^2 + (x2+x3-2)^2 + (x4-1)^2 + (x5-1)^2, x1 + 3x2 = 0, x3 + x4 - 2x5 = 0, x2 - x5 = 0;
            // x0 = 2 (all); x* = (-33, 11, 180, -158, 11)/349, f* = 1859/349.
            "hs52" => Make("hs52", [2, 2, 2, 2, 2], 1859.0 / 349.0,
                x => Square(4 * x[0] - x[1]) + Square(x[1] + x[2] - 2) + Square(x[3] - 1) + Square(x[4] - 1),
                x => [x[0] + 3 * x[1], x[2] + x[3] - 2 * x[4], x[1] - x[4]]),
            // f = -x1 x2 x3, x1 - 4.2 sin^2 x4 = 0, x2 - 4.2 sin^2 x5 = 0, x3 - 4.2 sin^2 x6 = 0,
            // x1 + 2x2 + 2x3 - 7.2 sin^2 x7 = 0; x0 = (1, 1, 1, a, a, a, b), a = asin sqrt(1/4.2), b = asin sqrt(5/7.2);
            // x* = (2.4, 1.2, 1.2, asin sqrt(4/7), asin sqrt(2/7), asin sqrt(2/7), pi/2), f* = -3.456.
            "hs56" => Make("hs56",
                [1, 1, 1, Math.Asin(Math.Sqrt(1 / 4.2)), Math.Asin(Math.Sqrt(1 / 4.2)), Math.Asin(Math.Sqrt(1 / 4.2)), Math.Asin(Math.Sqrt(5 / 7.2))],
                -3.456,
                x => -(x[0] * x[1] * x[2]),
                x => [x[0] - 4.2 * Square(Sin(x[3])), x[1] - 4.2 * Square(Sin(x[4])), x[2] - 4.2 * Square(Sin(x[5])),
                      x[0] + 2 * x[1] + 2 * x[2] - 7.2 * Square(Sin(x[6]))]),
            // f = 4x1^2 + 2x2^2 + 2x3^2 - 33x1 + 16x2 - 24x3, 3x1 - 2x2^2 - 7 = 0, 4x1 - x3^2 - 11 = 0; x0 = 0 (all);
            // x* = (5.326770157, -2.118998639, 3.210464239), f* = -143.6461422.
            "hs61" => Make("hs61", [0, 0, 0], -143.6461422,
                x => 4 * Square(x[0]) + 2 * Square(x[1]) + 2 * Square(x[2]) - 33 * x[0] + 16 * x[1] - 24 * x[2],
                x => [3 * x[0] - 2 * Square(x[1]) - 7, 4 * x[0] - Square(x[2]) - 11]),
            // f = (x1-1)^2 + (x1-x2)^2 + (x3-1)^2 + (x4-1)^4 + (x5-1)^6, x1^2 x4 + sin(x4 - x5) - 2 sqrt 2 = 0,
            // x2 + x3^4 x4^2 - 8 - sqrt 2 = 0; x0 = 2 (all); f* = 0.24150513.
            "hs77" => Make("hs77", [2, 2, 2, 2, 2], 0.24150513,
                x => Square(x[0] - 1) + Square(x[0] - x[1]) + Square(x[2] - 1) + Pow(x[3] - 1, 4) + Pow(x[4] - 1, 6),
                x => [Square(x[0]) * x[3] + Sin(x[3] - x[4]) - 2 * s2, x[1] + Pow(x[2], 4) * Square(x[3]) - 8 - s2]),
            // f = x1 x2 x3 x4 x5, sum x^2 - 10 = 0, x2 x3 - 5 x4 x5 = 0, x1^3 + x2^3 + 1 = 0; x0 = (-2, 1.5, 2, -1, -1);
            // f* = -2.91970041.
            "hs78" => Make("hs78", [-2, 1.5, 2, -1, -1], -2.91970041,
                x => x[0] * x[1] * x[2] * x[3] * x[4],
                x => [Square(x[0]) + Square(x[1]) + Square(x[2]) + Square(x[3]) + Square(x[4]) - 10,
                      x[1] * x[2] - 5 * x[3] * x[4], Pow(x[0], 3) + Pow(x[1], 3) + 1]),
            // f = (x1-1)^2 + (x1-x2)^2 + (x2-x3)^2 + (x3-x4)^4 + (x4-x5)^4, x1 + x2^2 + x3^3 - 2 - 3 sqrt 2 = 0,
            // x2 - x3^2 + x4 + 2 - 2 sqrt 2 = 0, x1 x5 - 2 = 0; x0 = 2 (all); f* = 0.0787768209.
            "hs79" => Make("hs79", [2, 2, 2, 2, 2], 0.0787768209,
                x => Square(x[0] - 1) + Square(x[0] - x[1]) + Square(x[1] - x[2]) + Pow(x[2] - x[3], 4) + Pow(x[3] - x[4], 4),
                x => [x[0] + Square(x[1]) + Pow(x[2], 3) - 2 - 3 * s2, x[1] - Square(x[2]) + x[3] + 2 - 2 * s2, x[0] * x[4] - 2]),
            _ => throw new ArgumentException($"Unknown Hock-Schittkowski problem '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    private static TestProblem Make(string name, double[] start, double optimum, Func<Jet[], Jet> f, Func<Jet[], Jet[]> c)
    {
        int m = c(start.Select(v => (Jet)v).ToArray()).Length;
        return new TestProblem(new AlgebraicProblem(name, start, m, f, c), optimum, Book);
    }
}
