using Solvers.Constrained.BlockCoordinateDescent;
using Solvers.Linear.IO;

namespace Solvers.Examples;

/// <summary>
/// The lasso, min 1/2 ||A x - y||^2 + lambda ||x||_1, by greedy block coordinate descent on a small synthetic data set
/// with a sparse ground truth.
/// </summary>
public static class BcdExample
{
    /// <summary>The data, the weight and the solution.</summary>
    /// <param name="Data">Features A (samples x features) and targets y.</param>
    /// <param name="Lambda">The L1 weight.</param>
    /// <param name="LambdaMax">||A^T y||_inf: the smallest lambda for which x = 0 is optimal.</param>
    /// <param name="X">The solution.</param>
    /// <param name="Solve">The BCD result.</param>
    public sealed record Result(LabelledData Data, double Lambda, double LambdaMax, double[] X, BcdResult Solve) : ExampleResult("bcd");

    /// <summary>Runs the example, printing to <paramref name="log"/>.</summary>
    public static Result Run(TextWriter log)
    {
        // Nutini et al.'s data set A, scaled down: y = A w* + noise with a sparse w*.
        var data = SyntheticData.A(samples: 200, features: 60, seed: 3);
        var f = new LeastSquaresObjective(data.Features, data.Labels);
        // lambda relative to lambda_max, as regularisation paths do: 0.01 keeps a handful of features.
        double lambdaMax = BcdSolver.LambdaMax(f);
        double lambda = 0.01 * lambdaMax;

        var x = new double[f.VariableCount]; // start from zero; warm starts along a path pass the previous x
        var result = BcdSolver.Solve(f, lambda, x, new BcdOptions
        {
            Rule = SelectionRule.GaussSouthwellLipschitz,
            BlockSize = 5,
            Update = BlockUpdate.Matrix, // a proximal Newton step on each block: few iterations on ill-scaled columns
            Tolerance = 1e-10,
        });
        log.WriteLine($"  lasso, {data.Features.RowCount} samples x {f.VariableCount} features, lambda = 0.01 lambda_max = {lambda:G4}");
        log.WriteLine($"  {result.Method}: {result.Status} after {result.Iterations} block updates, F = {result.Objective:G10}, " +
                      $"duality gap {result.DualityGap:E1}, {x.Count(v => v != 0)} non-zero coefficients");
        return new Result(data, lambda, lambdaMax, x, result);
    }
}
