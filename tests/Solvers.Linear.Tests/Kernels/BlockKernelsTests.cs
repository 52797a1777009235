using Solvers.Linear.Kernels;

namespace Solvers.Linear.Tests.Kernels;

public class BlockKernelsTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(1300)]
    public void CombineAndGramMatchNaiveLoops(int n)
    {
        var vectors = Enumerable.Range(0, 5).Select(i => RandomMatrices.Vector(n, 40 + i)).ToArray();
        var coefficients = new double[5, 3];
        var rng = new Random(3);
        for (int j = 0; j < 5; j++)
            for (int c = 0; c < 3; c++)
                coefficients[j, c] = j == 2 ? 0 : rng.NextDouble() - 0.5;
        var outputs = Enumerable.Range(0, 3).Select(_ => Enumerable.Repeat(99.0, n).ToArray()).ToArray();
        BlockKernels.Combine(vectors, 4, coefficients, outputs);
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < n; i++)
            {
                double expected = 0;
                for (int j = 0; j < 4; j++) expected += coefficients[j, c] * vectors[j][i];
                Assert.Equal(expected, outputs[c][i], 12);
            }

        var gram = new double[5, 3];
        BlockKernels.Gram(vectors, 5, outputs, 3, gram);
        for (int a = 0; a < 5; a++)
            for (int b = 0; b < 3; b++)
                Assert.Equal(vectors[a].Zip(outputs[b], (p, q) => p * q).Sum(), gram[a, b], 9);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(1300)]
    public void DotsAndSubtractCombinationMatchNaiveLoops(int n)
    {
        var vectors = Enumerable.Range(0, 5).Select(i => RandomMatrices.Vector(n, 60 + i)).ToArray();
        var x = RandomMatrices.Vector(n, 77);
        var dots = Enumerable.Repeat(99.0, 5).ToArray();
        BlockKernels.Dots(vectors, 4, x, dots);
        for (int a = 0; a < 4; a++)
        {
            double expected = 0;
            for (int i = 0; i < n; i++) expected += vectors[a][i] * x[i];
            Assert.Equal(expected, dots[a], 10);
        }
        Assert.Equal(99.0, dots[4]); // beyond count: untouched

        double[] coefficients = [0.5, -1.25, 0, 2, 100];
        var y = x.ToArray();
        BlockKernels.SubtractCombination(vectors, 4, coefficients, y);
        for (int i = 0; i < n; i++)
        {
            double expected = x[i];
            for (int a = 0; a < 4; a++) expected -= coefficients[a] * vectors[a][i];
            Assert.Equal(expected, y[i], 12);
        }
        Assert.Throws<ArgumentException>(() => BlockKernels.Dots(vectors, 6, x, new double[6]));
        Assert.Throws<ArgumentException>(() => BlockKernels.SubtractCombination(vectors, 4, coefficients.AsSpan(0, 3), y));
    }

    [Theory]
    [InlineData(0, 3, 1)]
    [InlineData(5, 41, 20)]
    [InlineData(13, 7, 9)]
    [InlineData(1029, 21, 6)]
    public void CombineMatchesTheScalarReferenceForAnyShape(int n, int count, int outputs)
    {
        var vectors = Enumerable.Range(0, count).Select(i => RandomMatrices.Vector(n, 500 + i)).ToArray();
        var rng = new Random(11);
        var coefficients = new double[count, outputs];
        for (int j = 0; j < count; j++)
            for (int c = 0; c < outputs; c++)
                coefficients[j, c] = rng.NextDouble() - 0.5;
        var fast = Enumerable.Range(0, outputs).Select(_ => Enumerable.Repeat(double.NaN, n).ToArray()).ToArray();
        var reference = Enumerable.Range(0, outputs).Select(_ => new double[n]).ToArray();
        BlockKernels.Combine(vectors, count, coefficients, fast);
        BlockKernels.CombineReference(vectors, count, coefficients, reference);
        for (int c = 0; c < outputs; c++)
            for (int i = 0; i < n; i++)
                Assert.Equal(reference[c][i], fast[c][i], 12);
    }

    [Theory]
    [InlineData(0, 2, 3)]
    [InlineData(3, 5, 9)]
    [InlineData(13, 21, 20)]
    [InlineData(1029, 4, 7)]
    public void GramMatchesTheScalarReferenceForAnyShape(int n, int leftCount, int rightCount)
    {
        var left = Enumerable.Range(0, leftCount).Select(i => RandomMatrices.Vector(n, 700 + i)).ToArray();
        var right = Enumerable.Range(0, rightCount).Select(i => RandomMatrices.Vector(n, 800 + i)).ToArray();
        var fast = new double[leftCount, rightCount];
        var reference = new double[leftCount, rightCount];
        BlockKernels.Gram(left, leftCount, right, rightCount, fast);
        BlockKernels.GramReference(left, leftCount, right, rightCount, reference);
        for (int a = 0; a < leftCount; a++)
            for (int b = 0; b < rightCount; b++)
                Assert.Equal(reference[a, b], fast[a, b], 10);
    }
}
