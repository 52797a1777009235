using MathNet.Numerics.LinearAlgebra;
using Solvers.Constrained.Halpern;

namespace Solvers.Constrained.Tests.Halpern;

/// <summary>
/// The synthetic cocoercive finite sums of claim 5 (scaling in n): the properties the claim relies on are checked
/// from the oracle alone, against dense eigenvalues and LU solves from MathNet, not against the generator's own code.
/// </summary>
public class CocoerciveInstanceTests
{
    /// <summary>The Jacobian of an affine map g, column by column: g(e_j) - g(0).</summary>
    private static Matrix<double> Jacobian(int d, Action<double[], double[]> g)
    {
        var jac = Matrix<double>.Build.Dense(d, d);
        var zero = new double[d];
        var g0 = new double[d];
        g(zero, g0);
        var e = new double[d];
        var ge = new double[d];
        for (int j = 0; j < d; j++)
        {
            Array.Clear(e);
            e[j] = 1;
            g(e, ge);
            for (int i = 0; i < d; i++) jac[i, j] = ge[i] - g0[i];
        }
        return jac;
    }

    private static double[] SymmetricEigenvalues(Matrix<double> m)
    {
        Assert.True((m - m.Transpose()).FrobeniusNorm() <= 1e-12 * m.FrobeniusNorm(), "Jacobian is not symmetric");
        return m.Evd(Symmetricity.Symmetric).EigenValues.Select(z => z.Real).ToArray();
    }

    [Fact]
    public void EveryComponentHasConstantOneAndTheMeanIsOneCocoercive()
    {
        // a symmetric affine map with Jacobian eigenvalues in [0, L] is 1/L-cocoercive; claim 5 needs L = 1 for every
        // component (the "fixed L") and for F
        const int n = 40;
        var problem = MinMaxProblems.CocoerciveLeastSquares(n, seed: 3);
        var op = problem.Operator;
        int d = op.Dimension;
        for (int i = 0; i < n; i++)
        {
            var eig = SymmetricEigenvalues(Jacobian(d, (u, r) => op.EvaluateComponent(i, u, r)));
            Assert.True(eig.Min() >= -1e-12, $"component {i}: smallest eigenvalue {eig.Min()}");
            Assert.Equal(1.0, eig.Max(), 10);
        }
        var full = SymmetricEigenvalues(Jacobian(d, (u, r) => op.EvaluateUncounted(u, r)));
        Assert.True(full.Min() > 0, $"F is not strongly monotone on this instance: {full.Min()}");
        Assert.True(full.Max() <= 1 + 1e-12);
        // averaging rank-5 components in 50 dimensions spreads the spectrum: L_F well below L, as the scaling claim allows
        Assert.InRange(full.Max(), 0.1, 0.6);
    }

    [Fact]
    public void TheFullOperatorIsTheMeanOfTheComponents()
    {
        // EAG's oracle (F) and Alg. 1's (F_i) must describe the same problem, or the epoch comparison means nothing
        const int n = 25;
        var op = MinMaxProblems.CocoerciveLeastSquares(n, seed: 4).Operator;
        int d = op.Dimension;
        var rng = new Random(8);
        var u = Enumerable.Range(0, d).Select(_ => TestProblems.Normal(rng)).ToArray();
        var mean = new double[d];
        var fi = new double[d];
        for (int i = 0; i < n; i++)
        {
            op.EvaluateComponent(i, u, fi);
            for (int k = 0; k < d; k++) mean[k] += fi[k] / n;
        }
        var f = new double[d];
        op.EvaluateUncounted(u, f);
        for (int k = 0; k < d; k++) Assert.Equal(mean[k], f[k], 12);
        // the difference shortcut of PAGE equals two component evaluations
        var v = Enumerable.Range(0, d).Select(_ => TestProblems.Normal(rng)).ToArray();
        var fv = new double[d];
        var diff = new double[d];
        op.EvaluateComponent(7, u, fi);
        op.EvaluateComponent(7, v, fv);
        op.AddComponentDifference(7, u, v, 0.5, diff);
        for (int k = 0; k < d; k++) Assert.Equal(0.5 * (fi[k] - fv[k]), diff[k], 12);
    }

    [Fact]
    public void LargerInstancesAppendComponentsToTheSameProblem()
    {
        // growing n must add components, not draw a new problem: component i of n = 10 equals component i of n = 40
        var small = MinMaxProblems.CocoerciveLeastSquares(10, seed: 2).Operator;
        var large = MinMaxProblems.CocoerciveLeastSquares(40, seed: 2).Operator;
        var rng = new Random(1);
        var u = Enumerable.Range(0, small.Dimension).Select(_ => TestProblems.Normal(rng)).ToArray();
        var a = new double[u.Length];
        var b = new double[u.Length];
        for (int i = 0; i < 10; i++)
        {
            small.EvaluateComponent(i, u, a);
            large.EvaluateComponent(i, u, b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void VrHalpernApproachesTheLuSolution()
    {
        // Algorithm 1 on the cocoercive instance tends to the unique zero of F, computed here by a dense LU solve of the
        // assembled system J u = -F(0)
        const int n = 64;
        var problem = MinMaxProblems.CocoerciveLeastSquares(n, seed: 5);
        var op = problem.Operator;
        int d = op.Dimension;
        var jac = Jacobian(d, (u, r) => op.EvaluateUncounted(u, r));
        var f0 = new double[d];
        op.EvaluateUncounted(new double[d], f0);
        var star = jac.LU().Solve(-Vector<double>.Build.DenseOfArray(f0));
        var x = new double[d];
        var result = MinMaxSolver.Solve(problem, MinMaxMethod.VrHalpern, x, new MinMaxOptions { Epochs = 3000, StepSize = 2, Seed = 1 });
        double distance = (Vector<double>.Build.DenseOfArray(x) - star).L2Norm();
        double initial = star.L2Norm();   // u_0 = 0
        Assert.True(distance <= 0.05 * initial, $"||u - u*|| = {distance}, ||u0 - u*|| = {initial}, residual {result.Residual}");
        Assert.True(result.Residual <= 5e-3 * problem.Residual(new double[d]), $"residual {result.Residual}");
    }

    [Fact]
    public void RejectsBadSizes()
    {
        Assert.Equal("n", Assert.Throws<ArgumentException>(() => MinMaxProblems.CocoerciveLeastSquares(0)).ParamName);
        Assert.Equal("d", Assert.Throws<ArgumentException>(() => MinMaxProblems.CocoerciveLeastSquares(10, d: 1)).ParamName);
        Assert.Equal("noise", Assert.Throws<ArgumentException>(() => MinMaxProblems.CocoerciveLeastSquares(10, noise: double.NaN)).ParamName);
    }
}
