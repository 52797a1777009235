using Solvers.Linear.Dcdm.Network;

namespace Solvers.Linear.Tests.Dcdm;

public class NetworkGradientTests
{
    [Theory]
    [InlineData(2, 8, 8, false)]
    [InlineData(3, 8, 12, false)]
    [InlineData(0, 16, 16, true)]
    [InlineData(2, 8, 8, false, true)]
    public void BackpropagationMatchesCentralFiniteDifferences(int levels, int h, int w, bool shared, bool mask = false)
    {
        // Loss L(theta) = sum_p R_p f(x)_p with fixed random R: dL/d output = R, so the network's backward pass must
        // reproduce the finite-difference derivative of L for every layer kind.
        var architecture = shared ? new NetworkArchitecture { SharedLevels = true } : new NetworkArchitecture { Levels = levels, MaskChannel = mask };
        var network = PressureNetwork.CreateRandom(architecture, seed: 5);
        var input = NetworkTestMaps.RandomArray(h * w * architecture.InputChannels, seed: 6);
        var weights = NetworkTestMaps.RandomArray(h * w, seed: 7);
        var workspace = network.CreateWorkspace(h, w);
        var output = new float[h * w];
        network.Apply(workspace, input, output);
        var reference = NaiveNetwork.Forward(network, network.Parameters.Select(v => (double)v).ToArray(), input, h, w);
        for (int i = 0; i < output.Length; i++)
            Assert.True(Math.Abs(output[i] - reference[i]) <= 1e-4 * (1 + Math.Abs(reference[i])), $"forward pixel {i}: {output[i]} vs {reference[i]}");
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) workspace.OutputGradient[y, x, 0] = weights[y * w + x];
        var gradient = new float[network.ParameterCount];
        network.Backward(workspace, gradient, network.ComputeAdjointWeights());

        // Finite differences of the independent double-precision forward pass (NaiveNetwork): a tiny step stays clear of
        // ReLU kinks and float rounding, so the float backward pass must agree to single-precision accuracy.
        var parameters = network.Parameters.Select(v => (double)v).ToArray();
        double Loss()
        {
            var output = NaiveNetwork.Forward(network, parameters, input, h, w);
            double sum = 0;
            for (int i = 0; i < output.Length; i++) sum += weights[i] * output[i];
            return sum;
        }

        // Every node's first weights and bias, plus random others: all layer kinds are covered.
        var indices = new SortedSet<int>();
        foreach (var node in network.GraphFor(h, w).Where(n => n.WeightCount > 0))
        {
            indices.Add(node.WeightOffset);
            indices.Add(node.WeightOffset + node.WeightCount - 1);
            indices.Add(node.BiasOffset);
        }
        var random = new Random(8);
        for (int k = 0; k < 30; k++) indices.Add(random.Next(network.ParameterCount));

        int failures = 0;
        var report = new List<string>();
        foreach (int i in indices)
        {
            double original = parameters[i];
            const double step = 1e-6;
            parameters[i] = original + step;
            double plus = Loss();
            parameters[i] = original - step;
            double minus = Loss();
            parameters[i] = original;
            double fd = (plus - minus) / (2 * step);
            double scale = Math.Max(Math.Abs(fd), Math.Abs(gradient[i]));
            if (Math.Abs(fd - gradient[i]) > 1e-3 * scale + 1e-4)
            {
                failures++;
                report.Add($"{i}: backprop {gradient[i]}, finite difference {fd}");
            }
        }
        // A ReLU kink crossed by the +-step can spoil a single difference; more than that is a real error.
        Assert.True(failures <= 1, string.Join("; ", report));
        Assert.True(indices.Count > 60);
        if (shared) Assert.Equal(3, architecture.LevelsFor(h, w)); // 16 -> 8 -> 4: the shared pairs are used once down, once up
    }

    [Fact]
    public void TheBriefsTwoLevelNetworkHasAboutThirtyThousandParameters()
    {
        var network = PressureNetwork.CreateRandom(new NetworkArchitecture(), seed: 1);
        // Input conv 9*16+16, fourteen 16->16 convs of 9*256+16, the 1x1 output 16+1.
        Assert.Equal(160 + 14 * 2320 + 17, network.ParameterCount);
    }

    [Fact]
    public void ASharedLevelNetworkRunsOnEveryGridWithOneSetOfWeights()
    {
        var network = PressureNetwork.CreateRandom(new NetworkArchitecture { SharedLevels = true }, seed: 2);
        // Fine block 5 convs, one shared pair down and up, bottom 3 pairs, top 2 pairs, the 1x1 output.
        Assert.Equal(160 + 4 * 2320 + 2 * 2 * 2320 + 6 * 2320 + 4 * 2320 + 17, network.ParameterCount);
        foreach (int side in new[] { 8, 32, 64, 128 })
        {
            int levels = network.Architecture.LevelsFor(side, side);
            Assert.Equal(4, side / (1 << (levels - 1)));
            var input = NetworkTestMaps.RandomArray(side * side, seed: side);
            var output = new float[side * side];
            network.Apply(input, side, side, output);
            Assert.All(output, v => Assert.True(float.IsFinite(v)));
            if (side <= 32)
            {
                var reference = NaiveNetwork.Forward(network, network.Parameters.Select(v => (double)v).ToArray(), input, side, side);
                for (int i = 0; i < output.Length; i++) Assert.True(Math.Abs(output[i] - reference[i]) <= 1e-3 * (1 + Math.Abs(reference[i])));
            }
        }
    }

    [Fact]
    public void AThreadedForwardPassEqualsTheSerialOneBitForBit()
    {
        var network = PressureNetwork.CreateRandom(new NetworkArchitecture(), seed: 3);
        var input = NetworkTestMaps.RandomArray(40 * 40, seed: 4);
        var serial = new float[input.Length];
        var threaded = new float[input.Length];
        network.Apply(network.CreateWorkspace(40, 40, threads: 1), input, serial);
        network.Apply(network.CreateWorkspace(40, 40, threads: 3), input, threaded);
        Assert.Equal(serial, threaded);
    }

    [Fact]
    public void GridsThatThePoolingCannotHalveAreRejected()
    {
        var network = PressureNetwork.CreateRandom(new NetworkArchitecture { Levels = 3 }, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => network.Apply(new float[36], 6, 6, new float[36]));
        Assert.Contains("multiples of 4", e.Message);
    }
}
