using MathNet.Numerics.LinearAlgebra;
using Solvers.Constrained.Problems;
using Solvers.Constrained.SketchedAugmentedLagrangian;

namespace Solvers.Examples;

/// <summary>
/// Equality-constrained optimisation with a problem of your own: implement <see cref="IConstrainedProblem"/>, check its
/// derivatives by finite differences, and solve it with AdaSketch-Newton.
/// </summary>
public static class NlpExample
{
    /// <summary>
    /// The point of the plane x + y + z = 1 with x - y = 0.2 closest to the origin:
    /// minimise x^2 + y^2 + z^2 subject to c(x) = (x + y + z - 1, x - y - 0.2) = 0.
    /// The minimiser is (13/30, 7/30, 1/3) with multipliers (-2/3, -1/5) for L = f + lambda^T c.
    /// </summary>
    public sealed class ClosestPoint : IConstrainedProblem
    {
        /// <inheritdoc />
        public string Name => "closest-point";

        /// <inheritdoc />
        public int VariableCount => 3;

        /// <inheritdoc />
        public int ConstraintCount => 2;

        /// <inheritdoc />
        public double[] InitialPoint() => [2.0, -1.0, 0.5];

        /// <inheritdoc />
        public double Objective(ReadOnlySpan<double> x) => x[0] * x[0] + x[1] * x[1] + x[2] * x[2];

        /// <inheritdoc />
        public void Gradient(ReadOnlySpan<double> x, Span<double> gradient)
        {
            for (int i = 0; i < 3; i++) gradient[i] = 2 * x[i];
        }

        /// <inheritdoc />
        public void Constraints(ReadOnlySpan<double> x, Span<double> values)
        {
            values[0] = x[0] + x[1] + x[2] - 1;
            values[1] = x[0] - x[1] - 0.2;
        }

        /// <inheritdoc />
        // Small problems return dense matrices; large ones DerivativeMatrix.FromCsr, or FromProduct for a Hessian
        // known only through products.
        public DerivativeMatrix Jacobian(ReadOnlySpan<double> x) =>
            DerivativeMatrix.FromDense(Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 1, 1 }, { 1, -1, 0 } }));

        /// <inheritdoc />
        // The constraints are linear, so the Hessian of the Lagrangian is that of f whatever the multipliers.
        public DerivativeMatrix LagrangianHessian(ReadOnlySpan<double> x, ReadOnlySpan<double> multipliers) =>
            DerivativeMatrix.FromDense(Matrix<double>.Build.DenseIdentity(3) * 2);
    }

    /// <summary>The derivative check and the solve.</summary>
    /// <param name="Problem">The problem.</param>
    /// <param name="Check">The worst finite-difference disagreement of each supplied derivative.</param>
    /// <param name="Solution">The AdaSketch-Newton result.</param>
    public sealed record Result(ClosestPoint Problem, DerivativeReport Check, ConstrainedResult Solution) : ExampleResult("nlp");

    /// <summary>Runs the example, printing to <paramref name="log"/>.</summary>
    public static Result Run(TextWriter log)
    {
        var problem = new ClosestPoint();
        // A wrong derivative shows up here as an error of order one, not as a solver that mysteriously stalls.
        var check = DerivativeCheck.Run(problem);
        log.WriteLine($"  derivative check, worst entry: {check.Worst}");

        var result = AdaSketchNewton.Solve(problem, new AdaSketchOptions { Tolerance = 1e-8 });
        log.WriteLine($"  AdaSketch-Newton: {result.Status} after {result.OuterIterations} outer / {result.InnerIterations} Kaczmarz iterations, " +
                      $"KKT residual {result.KktResidual:E1}");
        log.WriteLine($"  x = ({string.Join(", ", result.X.Select(v => v.ToString("F6")))}), f = {result.Objective:F6}, " +
                      $"lambda = ({string.Join(", ", result.Multipliers.Select(v => v.ToString("F6")))})");
        return new Result(problem, check, result);
    }
}
