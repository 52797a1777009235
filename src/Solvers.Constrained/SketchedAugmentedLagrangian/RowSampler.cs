namespace Solvers.Constrained.SketchedAugmentedLagrangian;

/// <summary>
/// Row indices for Kaczmarz steps from a seeded xoshiro256** stream (Blackman and Vigna), reduced to
/// [0, n) by Lemire's multiply-shift: independent uniform draws, or (<see cref="KaczmarzRowOrder.Reshuffled"/>)
/// a fresh random permutation of the rows for every sweep. A seeded <see cref="Random"/> runs the legacy subtractive generator and
/// a floating-point scaling per draw, which was a third of a Kaczmarz step on the small KKT systems; the bias of the
/// multiply-shift without rejection is below n / 2^32, far under the sampling noise of any solve.
/// </summary>
internal struct RowSampler
{
    private ulong _s0, _s1, _s2, _s3;
    private readonly int[]? _permutation;
    private int _position;

    /// <summary>Seeds the four state words by SplitMix64, as the xoshiro authors recommend.</summary>
    /// <param name="seed">Seed of the stream.</param>
    /// <param name="rows">Number of rows (used by the reshuffled order).</param>
    /// <param name="order">Independent draws or one permutation per sweep.</param>
    public RowSampler(int seed, int rows = 0, KaczmarzRowOrder order = KaczmarzRowOrder.Uniform)
    {
        if (order == KaczmarzRowOrder.Reshuffled && rows > 0)
        {
            _permutation = new int[rows];
            for (int i = 0; i < rows; i++) _permutation[i] = i;
            _position = rows;
        }
        ulong x = (ulong)(uint)seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>An index in [0, <paramref name="n"/>).</summary>
    public int Next(int n) => (int)(((Next64() >> 32) * (ulong)(uint)n) >> 32);

    /// <summary>The next row: a uniform draw, or the next entry of the current sweep's permutation.</summary>
    public int NextRow(int n)
    {
        var permutation = _permutation;
        if (permutation is null) return Next(n);
        if (_position == permutation.Length)
        {
            // Fisher-Yates: every sweep visits each row once, in a new uniformly random order.
            for (int i = permutation.Length - 1; i > 0; i--)
            {
                int j = Next(i + 1);
                (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
            }
            _position = 0;
        }
        return permutation[_position++];
    }

    private ulong Next64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
