using System.Runtime.CompilerServices;
using System.Diagnostics;
using Solvers.Linear.Kernels;
using Solvers.Linear.Storage;

namespace Solvers.Linear.Direct;

/// <summary>
/// A sparse LU factorisation P A Q = L U (L unit lower triangular, U upper triangular) computed column by column by
/// the left-looking algorithm of J. R. Gilbert and T. Peierls, "Sparse partial pivoting in time proportional to
/// arithmetic operations", SIAM J. Sci. Stat. Comput. 9(5), 1988 (Davis 2006, sections 3.2 and 6.3): each column of
/// A Q is solved against the columns of L found so far, visiting only the rows reachable in the graph of L
/// (a depth-first search gives them in topological order), then a pivot is chosen among the rows not yet pivotal.
/// </summary>
/// <remarks>
/// <see cref="Refactorize"/> keeps the row pivots and the patterns of L and U and recomputes only the values
/// (as KLU does); when a kept pivot becomes zero or smaller than 0.001 x tolerance x the largest entry of its column
/// it falls back to a full factorisation with fresh pivoting.
/// </remarks>
public sealed class LuFactor : SparseFactor
{
    private readonly SymbolicLu _symbolic;
    private readonly double _pivotTolerance;
    private int[] _lp = [], _li = [], _up = [], _ui = [];
    private double[] _lx = [], _ux = [];
    private int[] _rowOfStep = [];   // P: step k pivots on original row _rowOfStep[k]
    private double _flops;

    internal LuFactor(SymbolicLu symbolic, CsrMatrix a, double pivotTolerance)
    {
        _symbolic = symbolic;
        _pivotTolerance = pivotTolerance;
        var clock = Stopwatch.StartNew();
        FactorWithPivoting(a);
        FactorSeconds = clock.Elapsed.TotalSeconds;
        IsValid = true;
    }

    /// <inheritdoc />
    public override int Size => _symbolic.Size;

    /// <summary>The pivot tolerance in force (see <see cref="SymbolicLu.Factorize"/>).</summary>
    public double PivotTolerance => _pivotTolerance;

    /// <summary>nnz(L) + nnz(U), both diagonals included (as SciPy's <c>splu(A).L.nnz + U.nnz</c>).</summary>
    public override long NonZeroCount => (long)_lp[Size] + _up[Size];

    /// <summary>Multiplications and additions of the numeric factorisation (two per update of an entry, one per division).</summary>
    public override double FlopCount => _flops;

    /// <inheritdoc />
    public override double AnalyzeSeconds => _symbolic.AnalyzeSeconds;

    /// <inheritdoc />
    public override string Method => "lu";

    /// <summary>The symbolic analysis (column ordering) this factor uses.</summary>
    public SymbolicLu Symbolic => _symbolic;

    /// <summary>The row permutation P: step k of the elimination pivoted on original row <c>RowPermutation[k]</c>.</summary>
    public Permutation RowPermutation => Permutation.FromNewToOld(_rowOfStep);

    /// <summary>True when the latest <see cref="Refactorize"/> had to choose new pivots (the old ones became unstable).</summary>
    public bool LastRefactorizationRepivoted { get; private set; }

    /// <inheritdoc />
    public override void Refactorize(CsrMatrix a)
    {
        _symbolic.CheckPattern(a, nameof(a));
        var clock = Stopwatch.StartNew();
        IsValid = false;
        LastRefactorizationRepivoted = !RefactorKeepingPivots(a);
        if (LastRefactorizationRepivoted) FactorWithPivoting(a);
        FactorSeconds = clock.Elapsed.TotalSeconds;
        IsValid = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void FactorWithPivoting(CsrMatrix a)
    {
        int n = Size;
        var ap = _symbolic.ColumnPointers;
        var ai = _symbolic.RowIndices;
        var source = _symbolic.Sources;
        var av = a.Values;
        // Room for fill: eight times A per factor (grown by doubling when short, trimmed at the end when mostly unused).
        int capacity = (int)Math.Min(Array.MaxLength, Math.Max(8L * ap[n] + n, 16));
        var lp = new int[n + 1];
        var up = new int[n + 1];
        var li = GC.AllocateUninitializedArray<int>(capacity);
        var lx = GC.AllocateUninitializedArray<double>(capacity);
        var ui = GC.AllocateUninitializedArray<int>(capacity);
        var ux = GC.AllocateUninitializedArray<double>(capacity);
        var pinv = new int[n];
        Array.Fill(pinv, -1);
        var mark = new int[n];
        Array.Fill(mark, -1);
        var x = GC.AllocateUninitializedArray<double>(n);
        var xi = GC.AllocateUninitializedArray<int>(n);
        var stack = GC.AllocateUninitializedArray<int>(n);
        var position = GC.AllocateUninitializedArray<int>(n);
        var searchEnd = GC.AllocateUninitializedArray<int>(n);   // the search scans L(:, j) only up to here (symmetric pruning)
        var pruned = new bool[n];
        int lnz = 0, unz = 0;
        double flops = 0;
        var columnOrder = _symbolic.ColumnPermutation.NewToOldArray;

        for (int k = 0; k < n; k++)
        {
            lp[k] = lnz;
            up[k] = unz;
            if (lnz + n > li.Length) { Array.Resize(ref li, Math.Max(2 * li.Length, lnz + n)); Array.Resize(ref lx, li.Length); }
            if (unz + n > ui.Length) { Array.Resize(ref ui, Math.Max(2 * ui.Length, unz + n)); Array.Resize(ref ux, ui.Length); }

            int pivotRow = -1;
            double largest = -1;
            fixed (double* xp = x, lxp = lx, uxp = ux)
            fixed (int* lip = li, uip = ui, xip = xi, pinvp = pinv, markp = mark, stackp = stack, posp = position, endp = searchEnd, lpp = lp)
            {
                // Rows reachable from A(:, Q[k]) in the graph of L (row i leads to the rows of L(:, pinv[i])), by an
                // iterative depth-first search; they come out in topological order in xi[top..n).
                int top = n;
                for (int pa = ap[k]; pa < ap[k + 1]; pa++)
                {
                    int start = ai[pa];
                    if (markp[start] == k) continue;
                    int head = 0;
                    stackp[0] = start;
                    markp[start] = k;
                    int s0 = pinvp[start];
                    posp[0] = s0 < 0 ? 0 : lpp[s0] + 1;
                    while (head >= 0)
                    {
                        int j = stackp[head];
                        int step = pinvp[j];
                        int end = step < 0 ? 0 : endp[step];
                        int p = posp[head];
                        for (; p < end; p++)
                        {
                            int i = lip[p];
                            if (markp[i] != k) break;
                        }
                        if (p < end)
                        {
                            int i = lip[p];
                            posp[head] = p + 1;
                            markp[i] = k;
                            int si = pinvp[i];
                            stackp[++head] = i;
                            posp[head] = si < 0 ? 0 : lpp[si] + 1;
                        }
                        else
                        {
                            head--;
                            xip[--top] = j;
                        }
                    }
                }

                // x = L \ A(:, Q[k]) on those rows.
                for (int t = top; t < n; t++) xp[xip[t]] = 0;
                for (int pa = ap[k]; pa < ap[k + 1]; pa++) xp[ai[pa]] = av[source[pa]];
                for (int t = top; t < n; t++)
                {
                    int j = xip[t];
                    int step = pinvp[j];
                    if (step < 0) continue;
                    int start = lpp[step] + 1, end = lpp[step + 1];
                    DenseKernels.ScatterAxpy(end - start, -xp[j], lip + start, lxp + start, xp);
                    flops += 2.0 * (end - start);
                }

                // Split into U (rows already pivotal) and pivot candidates.
                for (int t = top; t < n; t++)
                {
                    int i = xip[t];
                    int step = pinvp[i];
                    if (step < 0)
                    {
                        double magnitude = Math.Abs(xp[i]);
                        if (magnitude > largest || double.IsNaN(magnitude)) { largest = magnitude; pivotRow = i; }
                    }
                    else
                    {
                        uip[unz] = step;
                        uxp[unz++] = xp[i];
                    }
                }
                int diagonal = columnOrder[k];
                if (pivotRow >= 0 && pinvp[diagonal] < 0 && markp[diagonal] == k && Math.Abs(xp[diagonal]) >= _pivotTolerance * largest)
                    pivotRow = diagonal;
                if (pivotRow < 0 || !(largest > 0) || !double.IsFinite(largest))
                    throw Singular(a, k);

                double pivot = xp[pivotRow];
                uip[unz] = k;
                uxp[unz++] = pivot;
                pinvp[pivotRow] = k;
                lip[lnz] = pivotRow;
                lxp[lnz++] = 1.0;
                double inverse = 1.0 / pivot;
                for (int t = top; t < n; t++)
                {
                    int i = xip[t];
                    if (pinvp[i] >= 0) continue;
                    lip[lnz] = i;
                    lxp[lnz++] = xp[i] * inverse;
                }
                flops += lnz - lpp[k] - 1;
                endp[k] = lnz;

                // Symmetric pruning (Eisenstat and Liu, SIAM J. Matrix Anal. Appl. 13(1), 1992): when U(j, k) != 0 and
                // L(:, j) holds the pivot row of k, every row of L(:, j) not yet pivotal is also reachable through k,
                // so later searches need only the rows of L(:, j) that are already pivotal; move those to the front.
                for (int p = up[k]; p < unz - 1; p++)
                {
                    int j = uip[p];
                    if (pruned[j]) continue;
                    int start = lpp[j] + 1, end = lpp[j + 1];
                    bool hasPivotRow = false;
                    for (int q = start; q < end; q++) if (lip[q] == pivotRow) { hasPivotRow = true; break; }
                    if (!hasPivotRow) continue;
                    int front = start, back = end - 1;
                    while (front <= back)
                    {
                        if (pinvp[lip[front]] >= 0) { front++; continue; }
                        if (pinvp[lip[back]] < 0) { back--; continue; }
                        (lip[front], lip[back]) = (lip[back], lip[front]);
                        (lxp[front], lxp[back]) = (lxp[back], lxp[front]);
                    }
                    endp[j] = front;
                    pruned[j] = true;
                }
            }
        }
        lp[n] = lnz;
        up[n] = unz;

        // Rows of L into pivot order. U's columns stay in the order of the searches, a topological order, which is
        // what a refactorisation needs to apply the columns of L in a valid sequence.
        for (int p = 0; p < lnz; p++) li[p] = pinv[li[p]];
        var rowOfStep = new int[n];
        for (int i = 0; i < n; i++) rowOfStep[pinv[i]] = i;

        if (li.Length > lnz + lnz / 2 + 1024)
        {
            Array.Resize(ref li, lnz);
            Array.Resize(ref lx, lnz);
        }
        if (ui.Length > unz + unz / 2 + 1024)
        {
            Array.Resize(ref ui, unz);
            Array.Resize(ref ux, unz);
        }
        _lp = lp; _li = li; _lx = lx; _up = up; _ui = ui; _ux = ux;
        _rowOfStep = rowOfStep;
        _flops = flops;
    }

    private SingularMatrixException Singular(CsrMatrix a, int step)
    {
        int unmatched = StructuralRank.UnmatchedColumn(a);
        return unmatched >= 0
            ? new SingularMatrixException(unmatched, isStructural: true, Method)
            : new SingularMatrixException(_symbolic.ColumnPermutation[step], isStructural: false, Method);
    }

    /// <summary>A kept pivot smaller than this times the tolerance times its column's largest entry triggers fresh pivoting.</summary>
    private const double RepivotFactor = 1e-3;

    /// <summary>New values with the old pivots and patterns; false when a pivot falls below the tolerance test.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe bool RefactorKeepingPivots(CsrMatrix a)
    {
        int n = Size;
        var ap = _symbolic.ColumnPointers;
        var ai = _symbolic.RowIndices;
        var source = _symbolic.Sources;
        var av = a.Values;
        var pinv = new int[n];
        for (int k = 0; k < n; k++) pinv[_rowOfStep[k]] = k;
        var x = new double[n];
        for (int k = 0; k < n; k++)
        {
            // Scatter A(:, Q[k]) in pivot order, then apply the earlier columns of L in the stored (topological) order.
            for (int p = ap[k]; p < ap[k + 1]; p++) x[pinv[ai[p]]] = av[source[p]];
            int uEnd = _up[k + 1] - 1;   // the last entry of U(:, k) is the diagonal
            fixed (double* xp = x)
            fixed (double* lxp = _lx)
            fixed (int* lip = _li)
            {
                for (int p = _up[k]; p < uEnd; p++)
                {
                    int j = _ui[p];
                    double xj = xp[j];
                    _ux[p] = xj;
                    xp[j] = 0;
                    int start = _lp[j] + 1;
                    DenseKernels.ScatterAxpy(_lp[j + 1] - start, -xj, lip + start, lxp + start, xp);
                }
            }
            double pivot = x[k];
            x[k] = 0;
            double largest = Math.Abs(pivot);
            for (int q = _lp[k] + 1; q < _lp[k + 1]; q++) largest = Math.Max(largest, Math.Abs(x[_li[q]]));
            if (pivot == 0 || !double.IsFinite(largest) || Math.Abs(pivot) < RepivotFactor * _pivotTolerance * largest)
                return false;
            _ux[uEnd] = pivot;
            for (int q = _lp[k] + 1; q < _lp[k + 1]; q++)
            {
                int i = _li[q];
                _lx[q] = x[i] / pivot;
                x[i] = 0;
            }
        }
        return true;
    }

    /// <summary>The first half of a solve: y = L^-1 P b. <paramref name="b"/> and <paramref name="y"/> may be the same span.</summary>
    /// <exception cref="ArgumentException">A span length differs from <see cref="Size"/>.</exception>
    public void SolveLower(ReadOnlySpan<double> b, Span<double> y)
    {
        CheckLengths(b.Length, y.Length);
        EnsureValid();
        var work = new double[Size];
        for (int k = 0; k < Size; k++) work[k] = b[_rowOfStep[k]];
        LowerInPlace(work);
        work.CopyTo(y);
    }

    /// <summary>The second half of a solve: x = Q U^-1 y. <paramref name="y"/> and <paramref name="x"/> may be the same span.</summary>
    /// <exception cref="ArgumentException">A span length differs from <see cref="Size"/>.</exception>
    public void SolveUpper(ReadOnlySpan<double> y, Span<double> x)
    {
        CheckLengths(y.Length, x.Length);
        EnsureValid();
        var work = y.ToArray();
        UpperInPlace(work);
        var q = _symbolic.ColumnPermutation;
        for (int k = 0; k < Size; k++) x[q[k]] = work[k];
    }

    private void CheckLengths(int inLength, int outLength)
    {
        if (inLength != Size) throw new ArgumentException($"Input has length {inLength}; the factor is {Size} x {Size}.", "b");
        if (outLength != Size) throw new ArgumentException($"Output has length {outLength}; the factor is {Size} x {Size}.", "x");
    }

    private protected override void SolveCore(ReadOnlySpan<double> b, Span<double> x)
    {
        int n = Size;
        var y = new double[n];
        for (int k = 0; k < n; k++) y[k] = b[_rowOfStep[k]];
        LowerInPlace(y);
        UpperInPlace(y);
        var q = _symbolic.ColumnPermutation;
        for (int k = 0; k < n; k++) x[q[k]] = y[k];
    }

    /// <summary>L y = y in place (unit diagonal stored first in each column).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LowerInPlace(double[] y)
    {
        for (int k = 0; k < y.Length; k++)
        {
            double yk = y[k];
            if (yk == 0) continue;
            for (int p = _lp[k] + 1; p < _lp[k + 1]; p++) y[_li[p]] -= _lx[p] * yk;
        }
    }

    /// <summary>U w = y in place (diagonal stored last in each column).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpperInPlace(double[] y)
    {
        for (int k = y.Length - 1; k >= 0; k--)
        {
            int diag = _up[k + 1] - 1;
            double wk = y[k] / _ux[diag];
            y[k] = wk;
            if (wk == 0) continue;
            for (int p = _up[k]; p < diag; p++) y[_ui[p]] -= _ux[p] * wk;
        }
    }
}
