using MathNet.Numerics.LinearAlgebra.Double;
using Solvers.Linear.Generators.Fluid;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Tests.Generators;

public class FluidPressureSystemTests
{
    private static double[] RowSums(CsrMatrix a)
    {
        var y = new double[a.RowCount];
        a.Apply(Enumerable.Repeat(1.0, a.RowCount).ToArray(), y);
        return y;
    }

    [Fact]
    public void BoxMatrixIsSymmetricPositiveDefiniteWithZeroRowSumsBelowTheTop()
    {
        int n = 8;
        var system = FluidPressureSystem.Build(FluidDomain.Box(n));
        var a = system.Matrix;
        Assert.Equal(n * n, system.UnknownCount);
        Assert.Equal(0, system.EnclosedCellsRemoved);
        Assert.True(a.IsSymmetric(0));

        var dense = a.ToMathNetDense();
        _ = dense.Cholesky();  // throws unless positive definite
        double smallest = dense.Evd().EigenValues.Min(z => z.Real);
        Assert.True(smallest > 1e-3, $"smallest eigenvalue {smallest}");

        var sums = RowSums(a);
        for (int k = 0; k < n * n; k++) Assert.Equal(k < n ? 1.0 : 0.0, sums[k]);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(17)]
    public void DiscMatrixEqualsANaiveDenseAssembly(int n)
    {
        var domain = FluidDomain.Disc(n);
        var system = FluidPressureSystem.Build(domain);
        Assert.Equal(0, system.EnclosedCellsRemoved);

        // Independent assembly: number fluid cells row-major, then add each open face's contribution.
        var index = new int[n, n];
        int m = 0;
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
                index[r, c] = domain.IsFluid(r, c) ? m++ : -1;
        var reference = new double[m, m];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                int i = index[r, c];
                if (i < 0) continue;
                if (r == 0) reference[i, i] += 1;  // air face above the top row
                foreach (var (dr, dc) in new[] { (-1, 0), (1, 0), (0, -1), (0, 1) })
                {
                    int rr = r + dr, cc = c + dc;
                    if (rr < 0 || rr >= n || cc < 0 || cc >= n || index[rr, cc] < 0) continue;
                    reference[i, i] += 1;
                    reference[i, index[rr, cc]] -= 1;
                }
            }

        Assert.Equal(m, system.UnknownCount);
        int nonZeros = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
            {
                Assert.Equal(reference[i, j], system.Matrix[i, j]);
                if (reference[i, j] != 0) nonZeros++;
            }
        Assert.Equal(nonZeros, system.Matrix.NonZeroCount);
        for (int i = 0; i < m; i++) Assert.Equal(index[system.CellOfUnknown[i] / n, system.CellOfUnknown[i] % n], i);
    }

    [Fact]
    public void EnclosedFluidIsRemovedAndCounted()
    {
        // 6 x 6 box with a solid ring (rows 1..4, cols 1..4) around a 2 x 2 fluid pocket.
        int n = 6;
        var mask = Enumerable.Repeat(true, n * n).ToArray();
        for (int r = 1; r <= 4; r++)
            for (int c = 1; c <= 4; c++)
                mask[r * n + c] = r is 2 or 3 && c is 2 or 3;
        var system = FluidPressureSystem.Build(FluidDomain.FromMask(mask, n, "ring"));
        Assert.Equal(4, system.EnclosedCellsRemoved);
        Assert.Equal(36 - 12 - 4, system.UnknownCount);
        foreach (int g in new[] { 2 * n + 2, 2 * n + 3, 3 * n + 2, 3 * n + 3, 1 * n + 1 })
            Assert.Equal(-1, system.UnknownOfCell[g]);
        _ = system.Matrix.ToMathNetDense().Cholesky();  // still SPD

        // A pocket elsewhere, but nothing open at the top: no unknowns at all.
        var closed = Enumerable.Repeat(true, n * n).ToArray();
        for (int c = 0; c < n; c++) closed[c] = false;
        var e = Assert.Throws<ArgumentException>(() => FluidPressureSystem.Build(FluidDomain.FromMask(closed, n, "lid")));
        Assert.Contains("no fluid cell touches the open top", e.Message);
    }

    [Fact]
    public void ScatterAndGatherRoundTrip()
    {
        var system = FluidPressureSystem.Build(FluidDomain.Rectangles(20, seed: 5));
        int n = 20;
        var x = system.RandomRhs(11);
        var grid = new double[n * n];
        Array.Fill(grid, 99.0);
        system.ScatterToGrid(x, grid);
        var single = new float[n * n];
        system.ScatterToGrid(x, single);
        for (int g = 0; g < n * n; g++)
        {
            int k = system.UnknownOfCell[g];
            Assert.Equal(k < 0 ? 0.0 : x[k], grid[g]);
            Assert.Equal(k < 0 ? 0f : (float)x[k], single[g]);
        }
        var back = new double[system.UnknownCount];
        system.GatherFromGrid(single, back);
        for (int k = 0; k < back.Length; k++) Assert.Equal((float)x[k], back[k]);
        Assert.Throws<ArgumentException>(() => system.ScatterToGrid(x, new double[n * n - 1]));
        Assert.Throws<ArgumentException>(() => system.GatherFromGrid(single, new double[back.Length + 1]));
    }

    [Fact]
    public void RandomRhsIsStandardNormalAndReproducible()
    {
        var system = FluidPressureSystem.Build(FluidDomain.Box(64));
        var b = system.RandomRhs(2);
        Assert.Equal(b, system.RandomRhs(2));
        Assert.NotEqual(b, system.RandomRhs(3));
        double mean = b.Average(), variance = b.Sum(v => (v - mean) * (v - mean)) / (b.Length - 1);
        Assert.InRange(mean, -0.1, 0.1);
        Assert.InRange(variance, 0.9, 1.1);
    }

    [Theory]
    [InlineData("box")]
    [InlineData("disc")]
    [InlineData("rects@2")]
    public void DivergenceRhsSumsToMinusTheFluxThroughTheOpenTop(string kind)
    {
        int n = 24;
        var system = FluidPressureSystem.Build(FluidDomain.Parse(n, kind));
        var b = system.DivergenceRhs(9);
        Assert.Equal(b, system.DivergenceRhs(9));
        var field = system.Velocity(9);
        // Walls carry no flow; V points down, so the outward flux through the top face of cell (0, c) is -V[c].
        for (int r = 0; r < n; r++) Assert.Equal(0.0, field.U[r * (n + 1)]);
        for (int r = 0; r < n; r++) Assert.Equal(0.0, field.U[r * (n + 1) + n]);
        for (int c = 0; c < n; c++) Assert.Equal(0.0, field.V[n * n + c]);
        double outwardTopFlux = -Enumerable.Range(0, n).Sum(c => field.V[c]);
        Assert.True(Math.Abs(outwardTopFlux) > 1e-3);
        Assert.Equal(-outwardTopFlux, b.Sum(), 10);
    }

    [Theory]
    [InlineData("disc")]
    [InlineData("rects@4")]
    public void ProjectingWithTheDivergenceRhsLeavesADivergenceFreeVelocity(string kind)
    {
        // The physical meaning of A p = b: u - grad p (p = 0 in the air) has zero net outflow from every fluid cell.
        int n = 16;
        var system = FluidPressureSystem.Build(FluidDomain.Parse(n, kind));
        var b = system.DivergenceRhs(1);
        var p = system.Matrix.ToMathNetDense().Cholesky().Solve(DenseVector.OfArray(b)).ToArray();
        var field = system.Velocity(1);
        var pressure = new double[n * n];
        system.ScatterToGrid(p, pressure);
        bool Open(int r, int c) => system.UnknownOfCell[r * n + c] >= 0;
        double P(int r, int c) => pressure[r * n + c];

        // Corrected face velocities, right (+col) and down (+row); faces without flow stay 0.
        double UFace(int r, int c) => c > 0 && c < n && Open(r, c - 1) && Open(r, c) ? field.U[r * (n + 1) + c] - (P(r, c) - P(r, c - 1)) : 0;
        double VFace(int r, int c) =>
            r == 0 ? (Open(0, c) ? field.V[c] - (P(0, c) - 0) : 0)
            : r < n && Open(r - 1, c) && Open(r, c) ? field.V[r * n + c] - (P(r, c) - P(r - 1, c)) : 0;

        double worst = 0, scale = b.Max(Math.Abs);
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
                if (Open(r, c))
                    worst = Math.Max(worst, Math.Abs(UFace(r, c + 1) - UFace(r, c) + VFace(r + 1, c) - VFace(r, c)));
        Assert.True(scale > 0.1);
        Assert.True(worst < 1e-10 * scale, $"max |div| after projection {worst}");
    }
}
