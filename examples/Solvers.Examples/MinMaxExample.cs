using Solvers.Constrained.Halpern;

namespace Solvers.Examples;

/// <summary>
/// Monotone inclusions 0 in F(u) + G(u) with F a mean of components F_i, written as <see cref="DelegateFiniteSum"/>s:
/// a zero-sum matrix game solved by the extragradient and extra-anchored gradient (EAG) methods, and least squares
/// solved by the Halpern iteration and its variance-reduced form.
/// </summary>
public static class MinMaxExample
{
    /// <summary>
    /// Weighted rock-paper-scissors, min_x max_y x^T A y over probability simplices. A is skew-symmetric, so the game is
    /// symmetric with value 0, and both players' unique equilibrium strategy is the kernel vector (c, b, a) / (a + b + c)
    /// = (1/2, 1/3, 1/6) of A = [0 -a b; a 0 -c; -b c 0] with (a, b, c) = (1, 2, 3).
    /// </summary>
    public static double[,] Payoff { get; } = { { 0, -1, 2 }, { 1, 0, -3 }, { -2, 3, 0 } };

    /// <summary>The runs, each as its result and last iterate.</summary>
    /// <param name="Game">The matrix game, u = (x, y).</param>
    /// <param name="ExtraGradient">Extragradient on the game.</param>
    /// <param name="Eag">EAG on the game.</param>
    /// <param name="Design">The least-squares matrix (one row per component).</param>
    /// <param name="Targets">The least-squares right-hand side.</param>
    /// <param name="Halpern">Halpern on least squares.</param>
    /// <param name="VrHalpern">Variance-reduced Halpern on least squares.</param>
    public sealed record Result(MinMaxProblem Game, MethodRun ExtraGradient, MethodRun Eag,
        double[,] Design, double[] Targets, MethodRun Halpern, MethodRun VrHalpern) : ExampleResult("minmax");

    /// <summary>One solver run: its result and last iterate.</summary>
    public sealed record MethodRun(MinMaxResult Result, double[] Point);

    /// <summary>Runs the example, printing to <paramref name="log"/>.</summary>
    public static Result Run(TextWriter log)
    {
        // The game: F(x, y) = (A y, -A^T x), G the normal cone of the two simplices (its resolvent is the projection).
        // Component i holds strategy i of both players, scaled by n so that F is the mean of the components.
        const int n = 3;
        var game = new DelegateFiniteSum(2 * n, n, (i, u, result) =>
        {
            for (int k = 0; k < n; k++)
            {
                result[k] = n * Payoff[k, i] * u[n + i];
                result[n + k] = -n * Payoff[i, k] * u[i];
            }
        });
        var start = new double[] { 0.8, 0.1, 0.1, 1.0 / 3, 1.0 / 3, 1.0 / 3 };
        // F is Lipschitz with L = ||A||_2 = sqrt(1 + 4 + 9) but not cocoercive, so the forward-backward Halpern
        // iteration does not apply; the extragradient family does. EAG's anchor costs speed on this easy game but
        // guarantees an O(1/k) last-iterate rate on every monotone Lipschitz problem.
        var gameProblem = new MinMaxProblem("weighted-rps", game, new SimplexProductProjection(n, n), start, SameStep(1 / Math.Sqrt(14)));
        var gameOptions = new MinMaxOptions { Epochs = 20_000, Tolerance = 5e-4 };
        var eg = Solve(log, gameProblem, MinMaxMethod.ExtraGradient, gameOptions);
        var eag = Solve(log, gameProblem, MinMaxMethod.ExtraAnchoredGradient, gameOptions);

        // Least squares: F_i(u) = a_i (a_i^T u - b_i), the gradient of a convex quadratic, hence cocoercive: Halpern's
        // home ground. G = 0 (IdentityResolvent). The zero of F solves the normal equations A^T A u = A^T b.
        const int rows = 40, d = 5;
        var random = new Random(2);
        var design = new double[rows, d];
        var targets = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < d; j++) design[i, j] = 2 * random.NextDouble() - 1;
            targets[i] = random.NextDouble();
        }
        var leastSquares = new DelegateFiniteSum(d, rows, (i, u, result) =>
        {
            double residual = -targets[i];
            for (int j = 0; j < d; j++) residual += design[i, j] * u[j];
            for (int j = 0; j < d; j++) result[j] = design[i, j] * residual;
        });
        // Step 1/L with L = lambda_max(A^T A / rows) ~ 0.5 for this data (forward steps up to 2/L stay nonexpansive).
        var lsProblem = new MinMaxProblem("least-squares", leastSquares, IdentityResolvent.Instance, new double[d], SameStep(2.0));
        var lsOptions = new MinMaxOptions { Epochs = 20_000, Tolerance = 1e-4 };
        var halpern = Solve(log, lsProblem, MinMaxMethod.Halpern, lsOptions);
        var vrHalpern = Solve(log, lsProblem, MinMaxMethod.VrHalpern, lsOptions);

        return new Result(gameProblem, eg, eag, design, targets, halpern, vrHalpern);
    }

    // One step for every method (the inexact Halpern iteration, not run here, gets placeholders).
    private static MethodSteps SameStep(double step) => new(step, step, step, step, step, InexactHalpernEta: 1, InexactHalpernInner: step);

    private static MethodRun Solve(TextWriter log, MinMaxProblem problem, MinMaxMethod method, MinMaxOptions options)
    {
        var u = new double[problem.Operator.Dimension];
        var r = MinMaxSolver.Solve(problem, method, u, options);
        log.WriteLine($"  {problem.Name,-14} {r.Method,-11} {r.Status} after {r.Epochs:F0} epochs, residual {r.Residual:E1}, " +
                      $"u = ({string.Join(", ", u.Select(v => v.ToString("F4")))})");
        return new MethodRun(r, u);
    }
}
