using System.Numerics.Tensors;

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
    public static void Combine(IReadOnlyList<double[]> vectors, int count, double[,] coefficients, IReadOnlyList<double[]> outputs)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(outputs);
        if (count > vectors.Count || coefficients.GetLength(0) < count || coefficients.GetLength(1) < outputs.Count)
            throw new ArgumentException("Coefficient matrix and vector block disagree in size.", nameof(coefficients));
        if (outputs.Count == 0) return;
        int n = outputs[0].Length;
        for (int start = 0; start < n; start += Chunk)
        {
            int length = Math.Min(Chunk, n - start);
            for (int c = 0; c < outputs.Count; c++)
            {
                var output = outputs[c].AsSpan(start, length);
                output.Clear();
                for (int j = 0; j < count; j++)
                {
                    double coefficient = coefficients[j, c];
                    if (coefficient != 0)
                        TensorPrimitives.MultiplyAdd(vectors[j].AsSpan(start, length), coefficient, output, output);
                }
            }
        }
    }

    /// <summary>result[a, b] = left[a] · right[b] for a &lt; <paramref name="leftCount"/>, b &lt; <paramref name="rightCount"/>.</summary>
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
        for (int start = 0; start < n; start += Chunk)
        {
            int length = Math.Min(Chunk, n - start);
            for (int a = 0; a < leftCount; a++)
            {
                var l = left[a].AsSpan(start, length);
                for (int b = 0; b < rightCount; b++)
                    result[a, b] += TensorPrimitives.Dot(l, right[b].AsSpan(start, length));
            }
        }
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
