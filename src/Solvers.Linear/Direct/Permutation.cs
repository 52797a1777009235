using Solvers.Linear.Storage;

namespace Solvers.Linear.Direct;

/// <summary>
/// A permutation of 0 .. n-1 in "new to old" form: position k of the reordered system holds original index
/// <c>this[k]</c>. The inverse ("old to new") is kept alongside. Immutable, so one ordering can be reused for every
/// matrix with the same pattern.
/// </summary>
public sealed class Permutation
{
    private readonly int[] _newToOld;
    private readonly int[] _oldToNew;

    private Permutation(int[] newToOld, int[] oldToNew)
    {
        _newToOld = newToOld;
        _oldToNew = oldToNew;
    }

    /// <summary>
    /// Builds a permutation from its "new to old" array (copied): <paramref name="newToOld"/>[k] is the original
    /// index placed at position k.
    /// </summary>
    /// <exception cref="ArgumentException">An entry is out of range or repeated (the message says which).</exception>
    public static Permutation FromNewToOld(ReadOnlySpan<int> newToOld) => Wrap(newToOld.ToArray());

    /// <summary>The identity permutation of length <paramref name="n"/>.</summary>
    public static Permutation Identity(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return new Permutation(p, (int[])p.Clone());
    }

    /// <summary>Takes ownership of a "new to old" array, validates it and builds the inverse.</summary>
    internal static Permutation Wrap(int[] newToOld)
    {
        int n = newToOld.Length;
        var inverse = new int[n];
        Array.Fill(inverse, -1);
        for (int k = 0; k < n; k++)
        {
            int old = newToOld[k];
            if ((uint)old >= (uint)n)
                throw new ArgumentException($"Permutation entry {k} is {old}; entries must lie in [0, {n}).", nameof(newToOld));
            if (inverse[old] >= 0)
                throw new ArgumentException($"Permutation entries {inverse[old]} and {k} both are {old}; a permutation lists each index once.", nameof(newToOld));
            inverse[old] = k;
        }
        return new Permutation(newToOld, inverse);
    }

    /// <summary>Length n.</summary>
    public int Length => _newToOld.Length;

    /// <summary>Original index placed at position <paramref name="k"/>.</summary>
    public int this[int k] => _newToOld[k];

    /// <summary>The "new to old" array: entry k is the original index at position k.</summary>
    public ReadOnlySpan<int> NewToOld => _newToOld;

    /// <summary>The "old to new" array: entry i is the position of original index i.</summary>
    public ReadOnlySpan<int> OldToNew => _oldToNew;

    internal int[] NewToOldArray => _newToOld;
    internal int[] OldToNewArray => _oldToNew;

    /// <summary>True when every index stays in place.</summary>
    public bool IsIdentity
    {
        get
        {
            for (int k = 0; k < _newToOld.Length; k++)
                if (_newToOld[k] != k) return false;
            return true;
        }
    }

    /// <summary>The inverse permutation.</summary>
    public Permutation Inverse() => new((int[])_oldToNew.Clone(), (int[])_newToOld.Clone());

    /// <summary>
    /// The composition "first this, then <paramref name="then"/>": position k of the result holds
    /// <c>this[then[k]]</c>, i.e. <paramref name="then"/> reorders the already reordered system.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public Permutation Then(Permutation then)
    {
        ArgumentNullException.ThrowIfNull(then);
        CheckLength(then.Length, nameof(then));
        var p = new int[Length];
        for (int k = 0; k < p.Length; k++) p[k] = _newToOld[then._newToOld[k]];
        return Wrap(p);
    }

    /// <summary>Gathers into the new order: y[k] = x[this[k]] (y = P x).</summary>
    /// <exception cref="ArgumentException">A span length differs from <see cref="Length"/>.</exception>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        CheckLength(x.Length, nameof(x));
        CheckLength(y.Length, nameof(y));
        for (int k = 0; k < _newToOld.Length; k++) y[k] = x[_newToOld[k]];
    }

    /// <summary>Scatters back to the original order: y[this[k]] = x[k] (y = P^T x).</summary>
    /// <exception cref="ArgumentException">A span length differs from <see cref="Length"/>.</exception>
    public void ApplyInverse(ReadOnlySpan<double> x, Span<double> y)
    {
        CheckLength(x.Length, nameof(x));
        CheckLength(y.Length, nameof(y));
        for (int k = 0; k < _newToOld.Length; k++) y[_newToOld[k]] = x[k];
    }

    /// <summary>The symmetrically permuted matrix P A P^T, whose entry (k, l) is A(this[k], this[l]).</summary>
    /// <exception cref="ArgumentException">A is not square or its size differs from <see cref="Length"/>.</exception>
    public CsrMatrix PermuteSymmetric(CsrMatrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (!a.IsSquare) throw new ArgumentException($"P A P^T needs a square matrix; this one is {a.RowCount} x {a.ColumnCount}.", nameof(a));
        CheckLength(a.RowCount, nameof(a));
        var rp = a.RowPointers;
        var ci = a.ColumnIndices;
        var va = a.Values;
        var coo = new CooMatrix(a.RowCount, a.ColumnCount, a.NonZeroCount);
        for (int k = 0; k < Length; k++)
        {
            int i = _newToOld[k];
            for (int p = rp[i]; p < rp[i + 1]; p++) coo.Add(k, _oldToNew[ci[p]], va[p]);
        }
        return coo.ToCsr();
    }

    private void CheckLength(int length, string name)
    {
        if (length != _newToOld.Length)
            throw new ArgumentException($"Length {length} does not match the permutation length {_newToOld.Length}.", name);
    }

    /// <inheritdoc />
    public override string ToString() => $"Permutation of {Length}";
}
