using System.Runtime.CompilerServices;
using System.Diagnostics;
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
    }

    /// <inheritdoc />
    public override int Size => _symbolic.Size;

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
        LastRefactorizationRepivoted = !RefactorKeepingPivots(a);
        if (LastRefactorizationRepivoted) FactorWithPivoting(a);
        FactorSeconds = clock.Elapsed.TotalSeconds;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void FactorWithPivoting(CsrMatrix a)
    {
        int n = Size;
        var ap = _symbolic.ColumnPointers;
        var ai = _symbolic.RowIndices;
        var source = _symbolic.Sources;
        var av = a.Values;
        int capacity = Math.Max(4 * ap[n] + n, 16);
        var lp = new int[n + 1];
        var up = new int[n + 1];
        var li = new int[capacity];
        var lx = new double[capacity];
        var ui = new int[capacity];
        var ux = new double[capacity];
        var pinv = new int[n];
        Array.Fill(pinv, -1);
        var x = new double[n];
        var xi = new int[n];
        var stack = new int[n];
        var position = new int[n];
        var mark = new int[n];
        Array.Fill(mark, -1);
        var searchEnd = new int[n];   // DFS scans L(:, j) only up to here (symmetric pruning)
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

            // x = L \ A(:, Q[k]) on the rows reachable from the column's pattern, in topological order xi[top..n).
            int top = n;
            for (int p = ap[k]; p < ap[k + 1]; p++)
            {
                int i = ai[p];
                if (mark[i] != k) top = Reach(i, top, k, lp, searchEnd, li, pinv, mark, stack, position, xi);
            }
            int pivotRow = -1;
            double largest = -1;
            fixed (double* xp = x)
            fixed (double* lxp = lx)
            fixed (int* lip = li)
            fixed (int* xip = xi)
            fixed (int* pinvp = pinv)
            {
                for (int t = top; t < n; t++) xp[xip[t]] = 0;
                for (int p = ap[k]; p < ap[k + 1]; p++) xp[ai[p]] = av[source[p]];
                for (int t = top; t < n; t++)
                {
                    int j = xip[t];
                    int step = pinvp[j];
                    if (step < 0) continue;
                    double xj = xp[j];
                    int start = lp[step] + 1, end = lp[step + 1];
                    for (int p = start; p < end; p++) xp[lip[p]] -= lxp[p] * xj;
                    flops += 2.0 * (end - start);
                }

                // Split into U (rows already pivotal) and pivot candidates.
                for (int t = top; t < n; t++)
                {
                    int i = xip[t];
                    if (pinvp[i] < 0)
                    {
                        double magnitude = Math.Abs(xp[i]);
                        if (magnitude > largest || double.IsNaN(magnitude)) { largest = magnitude; pivotRow = i; }
                    }
                    else
                    {
                        ui[unz] = pinvp[i];
                        ux[unz++] = xp[i];
                    }
                }
            }
            int diagonal = columnOrder[k];
            if (pivotRow >= 0 && pinv[diagonal] < 0 && mark[diagonal] == k && Math.Abs(x[diagonal]) >= _pivotTolerance * largest)
                pivotRow = diagonal;
            if (pivotRow < 0 || !(largest > 0) || !double.IsFinite(largest))
                throw Singular(a, k);

            double pivot = x[pivotRow];
            ui[unz] = k;
            ux[unz++] = pivot;
            pinv[pivotRow] = k;
            li[lnz] = pivotRow;
            lx[lnz++] = 1.0;
            double inverse = 1.0 / pivot;
            for (int t = top; t < n; t++)
            {
                int i = xi[t];
                if (pinv[i] >= 0) continue;
                li[lnz] = i;
                lx[lnz++] = x[i] * inverse;
            }
            flops += lnz - lp[k] - 1;
            searchEnd[k] = lnz;

            // Symmetric pruning (Eisenstat and Liu, SIAM J. Matrix Anal. Appl. 13(1), 1992): when U(j, k) != 0 and
            // L(:, j) holds the pivot row of k, every row of L(:, j) not yet pivotal is also reachable through k,
            // so later searches need only the rows of L(:, j) that are already pivotal; move those to the front.
            for (int p = up[k]; p < unz - 1; p++)
            {
                int j = ui[p];
                if (pruned[j]) continue;
                int start = lp[j] + 1, end = lp[j + 1];
                bool hasPivotRow = false;
                for (int q = start; q < end; q++) if (li[q] == pivotRow) { hasPivotRow = true; break; }
                if (!hasPivotRow) continue;
                int front = start, back = end - 1;
                while (front <= back)
                {
                    if (pinv[li[front]] >= 0) { front++; continue; }
                    if (pinv[li[back]] < 0) { back--; continue; }
                    (li[front], li[back]) = (li[back], li[front]);
                    (lx[front], lx[back]) = (lx[back], lx[front]);
                }
                searchEnd[j] = front;
                pruned[j] = true;
            }
        }
        lp[n] = lnz;
        up[n] = unz;

        // Rows of L into pivot order. U's columns stay in the order of the searches, a topological order, which is
        // what a refactorisation needs to apply the columns of L in a valid sequence.
        for (int p = 0; p < lnz; p++) li[p] = pinv[li[p]];
        var rowOfStep = new int[n];
        for (int i = 0; i < n; i++) rowOfStep[pinv[i]] = i;

        Array.Resize(ref li, lnz);
        Array.Resize(ref lx, lnz);
        Array.Resize(ref ui, unz);
        Array.Resize(ref ux, unz);
        _lp = lp; _li = li; _lx = lx; _up = up; _ui = ui; _ux = ux;
        _rowOfStep = rowOfStep;
        _flops = flops;
    }

    /// <summary>
    /// Depth-first search from row j in the graph of L (row i leads to the rows of L(:, pinv[i]), i.e. the rows that
    /// x_i updates); pushes the rows reached, in reverse topological order, onto xi[..top). Marks use the column number.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Reach(int j, int top, int k, int[] lp, int[] searchEnd, int[] li, int[] pinv, int[] mark, int[] stack, int[] position, int[] xi)
    {
        int head = 0;
        stack[0] = j;
        while (head >= 0)
        {
            j = stack[head];
            int step = pinv[j];
            if (mark[j] != k)
            {
                mark[j] = k;
                position[head] = step < 0 ? 0 : lp[step] + 1;
            }
            bool done = true;
            int end = step < 0 ? 0 : searchEnd[step];
            for (int p = position[head]; p < end; p++)
            {
                int i = li[p];
                if (mark[i] == k) continue;
                position[head] = p + 1;
                stack[++head] = i;
                done = false;
                break;
            }
            if (done)
            {
                head--;
                xi[--top] = j;
            }
        }
        return top;
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
                    int end = _lp[j + 1];
                    for (int q = _lp[j] + 1; q < end; q++) xp[lip[q]] -= lxp[q] * xj;
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
