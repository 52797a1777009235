using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Solvers.Linear.Kernels;

/// <summary>
/// Products of a block of vectors with a small dense matrix (the "tall-skinny" kernels of block Krylov methods),
/// computed chunk by chunk so each input vector is streamed from memory once instead of once per output.
/// </summary>
public static class BlockKernels
{
    private const int Chunk = 512;

    /// <summary>
    /// outputs[c] = sum_j coefficients[j, c] vectors[j] for c &lt; outputs.Count, j &lt; <paramref name="count"/>.
    /// The outputs are overwritten and must not alias the inputs.
    /// </summary>
    /// <remarks>
    /// A small GEMM (n x count times count x outputs). Four outputs at a time are accumulated in registers over all
    /// inputs (8 rows per step with Vector256), so each output element is stored once and each input chunk is read
    /// once per four outputs; <see cref="CombineReference"/> is the scalar definition.
    /// </remarks>
    public static void Combine(IReadOnlyList<double[]> vectors, int count, double[,] coefficients, IReadOnlyList<double[]> outputs)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(outputs);
        if (count > vectors.Count || coefficients.GetLength(0) < count || coefficients.GetLength(1) < outputs.Count)
            throw new ArgumentException("Coefficient matrix and vector block disagree in size.", nameof(coefficients));
        int outs = outputs.Count;
        if (outs == 0) return;
        int n = outputs[0].Length;
        var inputs = new double[count][];
        for (int j = 0; j < count; j++)
        {
            inputs[j] = vectors[j];
            if (inputs[j].Length < n) throw new ArgumentException("An input vector is shorter than the outputs.", nameof(vectors));
        }
        var targets = new double[outs][];
        for (int c = 0; c < outs; c++)
        {
            targets[c] = outputs[c];
            if (targets[c].Length != n) throw new ArgumentException("Outputs differ in length.", nameof(outputs));
        }
        // Column c of the coefficients, contiguous: packed[c * count + j].
        var packed = new double[outs * count];
        for (int c = 0; c < outs; c++)
            for (int j = 0; j < count; j++)
                packed[c * count + j] = coefficients[j, c];
        for (int start = 0; start < n; start += Chunk)
        {
            int end = Math.Min(start + Chunk, n);
            int c = 0;
            for (; c + 4 <= outs; c += 4) CombineFour(inputs, packed, c, targets, start, end);
            for (; c < outs; c++) CombineOne(inputs, packed, c, targets[c], start, end);
        }
    }

    /// <summary>Scalar definition of <see cref="Combine"/> (the reference the tests compare with).</summary>
    public static void CombineReference(IReadOnlyList<double[]> vectors, int count, double[,] coefficients, IReadOnlyList<double[]> outputs)
    {
        for (int c = 0; c < outputs.Count; c++)
            for (int i = 0; i < outputs[c].Length; i++)
            {
                double s = 0;
                for (int j = 0; j < count; j++) s += coefficients[j, c] * vectors[j][i];
                outputs[c][i] = s;
            }
    }

    private static void CombineFour(double[][] inputs, double[] packed, int c, double[][] outputs, int start, int end)
    {
        int count = inputs.Length;
        ReadOnlySpan<double> k0 = packed.AsSpan(c * count, count), k1 = packed.AsSpan((c + 1) * count, count),
            k2 = packed.AsSpan((c + 2) * count, count), k3 = packed.AsSpan((c + 3) * count, count);
        double[] o0 = outputs[c], o1 = outputs[c + 1], o2 = outputs[c + 2], o3 = outputs[c + 3];
        int i = start;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= end; i += 8)
            {
                Vector256<double> a0 = default, b0 = default, a1 = default, b1 = default,
                    a2 = default, b2 = default, a3 = default, b3 = default;
                for (int j = 0; j < count; j++)
                {
                    ref double source = ref MemoryMarshal.GetArrayDataReference(inputs[j]);
                    var x = Vector256.LoadUnsafe(ref source, (nuint)i);
                    var y = Vector256.LoadUnsafe(ref source, (nuint)(i + 4));
                    var s0 = Vector256.Create(k0[j]);
                    a0 = Vector256.FusedMultiplyAdd(x, s0, a0); b0 = Vector256.FusedMultiplyAdd(y, s0, b0);
                    var s1 = Vector256.Create(k1[j]);
                    a1 = Vector256.FusedMultiplyAdd(x, s1, a1); b1 = Vector256.FusedMultiplyAdd(y, s1, b1);
                    var s2 = Vector256.Create(k2[j]);
                    a2 = Vector256.FusedMultiplyAdd(x, s2, a2); b2 = Vector256.FusedMultiplyAdd(y, s2, b2);
                    var s3 = Vector256.Create(k3[j]);
                    a3 = Vector256.FusedMultiplyAdd(x, s3, a3); b3 = Vector256.FusedMultiplyAdd(y, s3, b3);
                }
                a0.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(o0), (nuint)i); b0.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(o0), (nuint)(i + 4));
                a1.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(o1), (nuint)i); b1.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(o1), (nuint)(i + 4));
                a2.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(o2), (nuint)i); b2.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(o2), (nuint)(i + 4));
                a3.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(o3), (nuint)i); b3.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(o3), (nuint)(i + 4));
            }
        }
        for (; i < end; i++)
        {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int j = 0; j < count; j++)
            {
                double x = inputs[j][i];
                s0 += k0[j] * x; s1 += k1[j] * x; s2 += k2[j] * x; s3 += k3[j] * x;
            }
            o0[i] = s0; o1[i] = s1; o2[i] = s2; o3[i] = s3;
        }
    }

    private static void CombineOne(double[][] inputs, double[] packed, int c, double[] output, int start, int end)
    {
        int count = inputs.Length;
        var span = output.AsSpan(start, end - start);
        span.Clear();
        for (int j = 0; j < count; j++)
        {
            double coefficient = packed[c * count + j];
            if (coefficient != 0) TensorPrimitives.MultiplyAdd(inputs[j].AsSpan(start, end - start), coefficient, span, span);
        }
    }

    /// <summary>result[a, b] = left[a] · right[b] for a &lt; <paramref name="leftCount"/>, b &lt; <paramref name="rightCount"/>.</summary>
    /// <remarks>
    /// Chunk by chunk; within a chunk each left vector is paired with four right vectors at a time, accumulated in
    /// registers (Vector256 FMA), so a left element is loaded once per four products. <see cref="GramReference"/>
    /// is the scalar definition.
    /// </remarks>
    public static void Gram(IReadOnlyList<double[]> left, int leftCount, IReadOnlyList<double[]> right, int rightCount, double[,] result)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(result);
        if (result.GetLength(0) < leftCount || result.GetLength(1) < rightCount)
            throw new ArgumentException("Result matrix too small.", nameof(result));
        for (int a = 0; a < leftCount; a++)
            for (int b = 0; b < rightCount; b++)
                result[a, b] = 0;
        if (leftCount == 0 || rightCount == 0) return;
        int n = left[0].Length;
        var ls = new double[leftCount][];
        var rs = new double[rightCount][];
        for (int a = 0; a < leftCount; a++)
            if ((ls[a] = left[a]).Length < n) throw new ArgumentException("Vectors differ in length.", nameof(left));
        for (int b = 0; b < rightCount; b++)
            if ((rs[b] = right[b]).Length < n) throw new ArgumentException("Vectors differ in length.", nameof(right));
        for (int start = 0; start < n; start += Chunk)
        {
            int end = Math.Min(start + Chunk, n);
            for (int a = 0; a < leftCount; a++)
            {
                int b = 0;
                for (; b + 4 <= rightCount; b += 4)
                {
                    var (d0, d1, d2, d3) = DotFour(ls[a], rs[b], rs[b + 1], rs[b + 2], rs[b + 3], start, end);
                    result[a, b] += d0;
                    result[a, b + 1] += d1;
                    result[a, b + 2] += d2;
                    result[a, b + 3] += d3;
                }
                for (; b < rightCount; b++)
                    result[a, b] += TensorPrimitives.Dot(ls[a].AsSpan(start, end - start), rs[b].AsSpan(start, end - start));
            }
        }
    }

    /// <summary>Scalar definition of <see cref="Gram"/>.</summary>
    public static void GramReference(IReadOnlyList<double[]> left, int leftCount, IReadOnlyList<double[]> right, int rightCount, double[,] result)
    {
        for (int a = 0; a < leftCount; a++)
            for (int b = 0; b < rightCount; b++)
            {
                double s = 0;
                for (int i = 0; i < left[a].Length; i++) s += left[a][i] * right[b][i];
                result[a, b] = s;
            }
    }

    private static (double, double, double, double) DotFour(double[] l, double[] r0, double[] r1, double[] r2, double[] r3, int start, int end)
    {
        int i = start;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector256.IsHardwareAccelerated && end - start >= 4)
        {
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
            ref double lr = ref MemoryMarshal.GetArrayDataReference(l);
            ref double q0 = ref MemoryMarshal.GetArrayDataReference(r0);
            ref double q1 = ref MemoryMarshal.GetArrayDataReference(r1);
            ref double q2 = ref MemoryMarshal.GetArrayDataReference(r2);
            ref double q3 = ref MemoryMarshal.GetArrayDataReference(r3);
            for (; i + 4 <= end; i += 4)
            {
                var x = Vector256.LoadUnsafe(ref lr, (nuint)i);
                a0 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref q0, (nuint)i), a0);
                a1 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref q1, (nuint)i), a1);
                a2 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref q2, (nuint)i), a2);
                a3 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref q3, (nuint)i), a3);
            }
            s0 = Vector256.Sum(a0); s1 = Vector256.Sum(a1); s2 = Vector256.Sum(a2); s3 = Vector256.Sum(a3);
        }
        for (; i < end; i++)
        {
            double x = l[i];
            s0 += x * r0[i]; s1 += x * r1[i]; s2 += x * r2[i]; s3 += x * r3[i];
        }
        return (s0, s1, s2, s3);
    }

    /// <summary>
    /// result[a] = vectors[a] · x for a &lt; <paramref name="count"/> (a transposed tall-skinny matrix times a vector),
    /// chunk by chunk so the chunk of x stays in cache while every vector passes.
    /// </summary>
    public static void Dots(IReadOnlyList<double[]> vectors, int count, ReadOnlySpan<double> x, Span<double> result)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (count > vectors.Count || result.Length < count)
            throw new ArgumentException("Result span or vector block too small.", nameof(result));
        result.Slice(0, count).Clear();
        int n = x.Length;
        for (int start = 0; start < n; start += Chunk)
        {
            int length = Math.Min(Chunk, n - start);
            var xs = x.Slice(start, length);
            for (int a = 0; a < count; a++)
                result[a] += TensorPrimitives.Dot(vectors[a].AsSpan(start, length), xs);
        }
    }

    /// <summary>
    /// y -= sum_a coefficients[a] vectors[a] for a &lt; <paramref name="count"/>, chunk by chunk so each chunk of y is
    /// read and written once.
    /// </summary>
    public static void SubtractCombination(IReadOnlyList<double[]> vectors, int count, ReadOnlySpan<double> coefficients, Span<double> y)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (count > vectors.Count || coefficients.Length < count)
            throw new ArgumentException("Coefficient span or vector block too small.", nameof(coefficients));
        int n = y.Length;
        for (int start = 0; start < n; start += Chunk)
        {
            int length = Math.Min(Chunk, n - start);
            var ys = y.Slice(start, length);
            for (int a = 0; a < count; a++)
                if (coefficients[a] != 0)
                    TensorPrimitives.MultiplyAdd(vectors[a].AsSpan(start, length), -coefficients[a], ys, ys);
        }
    }
}
