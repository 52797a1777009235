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
}
