namespace Solvers.Linear.Dcdm;

/// <summary>
/// Cell-centred bilinear interpolation from a grid to the grid twice as fine, skipping coarse cells without unknowns
/// (solids) and renormalising the weights of the rest, so constants are reproduced next to obstacles and walls. A fine
/// cell takes 9/16 of its parent, 3/16 of the two parents' neighbours towards it and 1/16 of the diagonal one.
/// </summary>
internal static class MaskedProlongation
{
    /// <summary>The hf x wf fine grid from the hc x wc coarse grid (row-major); hf, wf are 2hc or 2hc - 1 (odd sides).</summary>
    public static double[] Prolong(ReadOnlySpan<double> coarse, ReadOnlySpan<bool> occupied, int hc, int wc, int hf, int wf)
    {
        var fine = new double[hf * wf];
        Prolong(coarse, occupied, hc, wc, hf, wf, fine);
        return fine;
    }

    /// <summary>As the allocating overload, into <paramref name="fine"/> (length hf wf; every entry is written).</summary>
    public static void Prolong(ReadOnlySpan<double> coarse, ReadOnlySpan<bool> occupied, int hc, int wc, int hf, int wf, Span<double> fine)
    {
        if (coarse.Length != hc * wc || occupied.Length != hc * wc || (hf + 1) / 2 != hc || (wf + 1) / 2 != wc || fine.Length != hf * wf)
            throw new ArgumentException($"Cannot prolong a {hc} x {wc} grid to {hf} x {wf}.");
        for (int y = 0; y < hf; y++)
        {
            int cy = y >> 1, ny = cy + ((y & 1) == 0 ? -1 : 1);
            for (int x = 0; x < wf; x++)
            {
                int cx = x >> 1, nx = cx + ((x & 1) == 0 ? -1 : 1);
                double sum = 0, weight = 0;
                Accumulate(coarse, occupied, hc, wc, cy, cx, 9, ref sum, ref weight);
                Accumulate(coarse, occupied, hc, wc, ny, cx, 3, ref sum, ref weight);
                Accumulate(coarse, occupied, hc, wc, cy, nx, 3, ref sum, ref weight);
                Accumulate(coarse, occupied, hc, wc, ny, nx, 1, ref sum, ref weight);
                fine[y * wf + x] = weight > 0 ? sum / weight : 0;
            }
        }
    }

    private static void Accumulate(ReadOnlySpan<double> coarse, ReadOnlySpan<bool> occupied, int hc, int wc, int y, int x, double w,
        ref double sum, ref double weight)
    {
        if ((uint)y >= (uint)hc || (uint)x >= (uint)wc || !occupied[y * wc + x]) return;
        sum += w * coarse[y * wc + x];
        weight += w;
    }
}
