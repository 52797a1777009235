using Solvers.Constrained.Halpern;

namespace Solvers.Constrained.Tests.Halpern;

/// <summary>The policeman-and-burglar instance (design brief section 7a): weight generators and the residual plateaus.</summary>
public class MatrixGameInstanceTests
{
    [Fact]
    public void NumPyWeightsMatchTheReferenceScriptBitForBit()
    {
        // np.random.seed(1); w = np.abs(np.random.randn(500)): printed with repr() by NumPy 1.24
        var w = MinMaxProblems.MatrixGameWeights(500, 1, GameWeightSource.NumPy);
        Assert.Equal(1.6243453636632417, w[0]);
        Assert.Equal(0.6117564136500754, w[1]);
        Assert.Equal(0.5281717522634557, w[2]);
        Assert.Equal(0.01771831791014226, w[499]);
        Assert.Equal(242, Array.IndexOf(w, w.Min()));
        Assert.Equal(0.0018914828380037015, w[242]);
        // np.random.seed(7); np.random.randn(3)[2]
        Assert.Equal(0.0328201636785844, MinMaxProblems.MatrixGameWeights(3, 7, GameWeightSource.NumPy)[2]);
        Assert.Throws<ArgumentException>(() => MinMaxProblems.MatrixGameWeights(3, -1, GameWeightSource.NumPy));
    }

    [Theory]
    [InlineData(GameWeightSource.DotNet, 0.234780863058581)]    // the toolkit's instance (unchanged)
    [InlineData(GameWeightSource.NumPy, 0.21413667674109896)]   // the reference script's instance
    public void ResidualAtTheUniformStartMatchesTheNumPyCrossCheck(GameWeightSource source, double expected)
    {
        // values printed by benchmarks/constrained/crosscheck_game.py, which rebuilds both instances independently
        var problem = MinMaxProblems.MatrixGame(500, 0.8, 1, source);
        Assert.Equal(expected, problem.Residual(problem.InitialPoint), 1e-13);
    }

    [Fact]
    public void XResidualIsConstantAlongAFaceAndEqualsTheFaceProjectedGradient()
    {
        // Why every method sits on the same residual values (e.g. 4.74e-3): with the x-support S fixed, the eta = 1
        // residual of x is ||g_S - mean(g_S)||, g = A^T y, wherever x lies on that face of the simplex.
        const int n = 500;
        var problem = MinMaxProblems.MatrixGame(n);
        var w = MinMaxProblems.MatrixGameWeights(n, 1);
        int[] face = Enumerable.Range(0, n).OrderBy(j => w[j]).Take(4).ToArray();   // columns 184, 5, 147, 194
        Assert.Equal(new[] { 184, 5, 147, 194 }, face);
        double XResidual(double[] xOnFace, out double faceGradient)
        {
            var u = new double[2 * n];
            for (int k = 0; k < face.Length; k++) u[face[k]] = xOnFace[k];
            for (int i = n; i < 2 * n; i++) u[i] = 1.0 / n;
            var f = new double[2 * n];
            problem.Operator.EvaluateUncounted(u, f);
            var step = new double[n];
            for (int j = 0; j < n; j++) step[j] = u[j] - f[j];
            Simplex.Project(step);
            double mean = face.Average(j => f[j]);
            faceGradient = Math.Sqrt(face.Sum(j => (f[j] - mean) * (f[j] - mean)));
            return Math.Sqrt(Enumerable.Range(0, n).Sum(j => (u[j] - step[j]) * (u[j] - step[j])));
        }
        double r1 = XResidual([0.4, 0.3, 0.2, 0.1], out double g1);
        double r2 = XResidual([0.1, 0.2, 0.3, 0.4], out double g2);
        Assert.Equal(g1, g2, 1e-15);               // y is fixed, so g is too
        Assert.Equal(r1, r2, 1e-14);
        Assert.Equal(g1, r1, 1e-14);
        Assert.InRange(r1, 4.70e-3, 4.76e-3);      // ~ ||w_S - mean(w_S)|| = 4.7376e-3 (c_j ~ 1 for uniform y)
    }
}
