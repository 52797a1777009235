using System.Runtime.CompilerServices;
using Solvers.Linear.Kernels;

namespace Solvers.Linear.Direct;

/// <summary>Work arrays of the supernodal factorisation and solves, sized by the symbolic analysis and reused by refactorisations.</summary>
internal sealed class SupernodalWorkspace
{
    public SupernodalWorkspace(SymbolicCholesky symbolic)
    {
        int ns = symbolic.SupernodeCount;
        Relative = new int[symbolic.Size];
        Head = new int[ns];
        Next = new int[ns];
        NextRow = new int[ns];
        RowMap = new int[symbolic.MaxSupernodeRows];
        Update = GC.AllocateUninitializedArray<double>(Math.Max(1, symbolic.MaxUpdateSize));   // written before read
    }

    public int[] Relative { get; }
    public int[] Head { get; }
    public int[] Next { get; }
    public int[] NextRow { get; }
    public int[] RowMap { get; }
    public double[] Update { get; }
    public double[]? Scaled { get; set; }
}

/// <summary>
/// Left-looking supernodal Cholesky and LDL^T (Ng and Peyton, "Block sparse Cholesky algorithms on advanced
/// uniprocessor computers", SIAM J. Sci. Comput. 14(5), 1993; Chen, Davis, Hager and Rajamanickam, "CHOLMOD",
/// ACM TOMS 35(3), 2008), and the triangular solves with the resulting factor.
/// </summary>
/// <remarks>
/// Supernodes are processed in order. Supernode s first receives A's entries through the precomputed assembly map,
/// then the updates of every descendant d whose rows reach into s: C = -L_d(rows from s on) L_d(rows inside s)^T
/// (times D_d for LDL^T), computed by the dense kernel into a buffer and added into s through a relative row map.
/// The panel is then factored densely (<see cref="DensePanel"/>), and s is linked to the supernode that holds its
/// first row below the diagonal block, the next one it updates. Descendants waiting for a supernode form a linked list.
/// </remarks>
internal static unsafe class SupernodalNumeric
{
    /// <summary>Factors into <paramref name="lx"/>; returns -1, or the (permuted) column whose pivot failed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Factor(SymbolicCholesky sym, ReadOnlySpan<double> aValues, double[] lx, bool ldl, SupernodalWorkspace ws, out double pivot)
    {
        pivot = 0;
        int ns = sym.SupernodeCount;
        var superStart = sym.SuperStart;
        var superOf = sym.SuperOf;
        var rowPointer = sym.RowPointer;
        var rows = sym.Rows;
        var valuePointer = sym.ValuePointer;
        var asmPointer = sym.AssemblyPointer;
        var asmSource = sym.AssemblySource;
        var asmTarget = sym.AssemblyTarget;
        var relative = ws.Relative;
        var head = ws.Head;
        var next = ws.Next;
        var nextRow = ws.NextRow;
        var map = ws.RowMap;
        if (ldl) ws.Scaled ??= new double[Math.Max(1, sym.MaxScaledSize)];
        Array.Fill(head, -1);

        fixed (double* lxp = lx)
        fixed (double* update = ws.Update)
        fixed (double* scaled = ws.Scaled)
        fixed (double* av = aValues)
        {
            for (int s = 0; s < ns; s++)
            {
                int k1 = superStart[s], k2 = superStart[s + 1], nscol = k2 - k1;
                int psi = rowPointer[s], nsrow = rowPointer[s + 1] - psi;
                double* ls = lxp + valuePointer[s];
                for (int r = 0; r < nsrow; r++) relative[rows[psi + r]] = r;

                new Span<double>(ls, nsrow * nscol).Clear();
                for (int t = asmPointer[s]; t < asmPointer[s + 1]; t++) ls[asmTarget[t]] = av[asmSource[t]];

                int d = head[s];
                head[s] = -1;
                while (d >= 0)
                {
                    int dNext = next[d];
                    int ndcol = superStart[d + 1] - superStart[d];
                    int pdi = rowPointer[d], ndrow = rowPointer[d + 1] - pdi;
                    double* ld = lxp + valuePointer[d];
                    int r1 = nextRow[d], r2 = r1;
                    while (r2 < ndrow && rows[pdi + r2] < k2) r2++;
                    int ndrow1 = r2 - r1, ndrow2 = ndrow - r1;

                    if (!ldl)
                    {
                        DenseKernels.MultiplySubtractTransposed(ndrow2, ndrow1, ndcol, ld + r1, ndrow, ld + r1, ndrow, update, ndrow2,
                            lowerOnly: true, overwrite: true);
                    }
                    else
                    {
                        for (int j = 0; j < ndcol; j++)
                        {
                            double dj = ld[j + (long)j * ndrow];
                            double* src = ld + r1 + (long)j * ndrow;
                            double* dst = scaled + (long)j * ndrow1;
                            for (int i = 0; i < ndrow1; i++) dst[i] = src[i] * dj;
                        }
                        DenseKernels.MultiplySubtractTransposed(ndrow2, ndrow1, ndcol, ld + r1, ndrow, scaled, ndrow1, update, ndrow2,
                            lowerOnly: true, overwrite: true);
                    }

                    for (int i = 0; i < ndrow2; i++) map[i] = relative[rows[pdi + r1 + i]];
                    for (int jj = 0; jj < ndrow1; jj++)
                    {
                        double* target = ls + (long)map[jj] * nsrow;
                        double* src = update + (long)jj * ndrow2;
                        int first = jj, count = ndrow2 - jj;
                        if (map[ndrow2 - 1] - map[first] == count - 1)
                        {
                            // The rows land contiguously: one vector add.
                            DenseKernels.Axpy(count, 1.0, src + first, target + map[first]);
                        }
                        else
                        {
                            for (int i = first; i < ndrow2; i++) target[map[i]] += src[i];
                        }
                    }

                    nextRow[d] = r2;
                    if (r2 < ndrow)
                    {
                        int target = superOf[rows[pdi + r2]];
                        next[d] = head[target];
                        head[target] = d;
                    }
                    d = dNext;
                }

                int failed = ldl ? DensePanel.Ldlt(ls, nsrow, nscol, nsrow, scaled) : DensePanel.Cholesky(ls, nsrow, nscol, nsrow);
                if (failed >= 0)
                {
                    pivot = ls[failed + (long)failed * nsrow];
                    return k1 + failed;
                }

                if (nsrow > nscol)
                {
                    nextRow[s] = nscol;
                    int target = superOf[rows[psi + nscol]];
                    next[s] = head[target];
                    head[target] = s;
                }
            }
        }
        return -1;
    }

    /// <summary>Solves L L^T x = b (or L D L^T x = b) in the permuted order, in place in <paramref name="x"/>.</summary>
    public static void Solve(SymbolicCholesky sym, double[] lx, bool ldl, Span<double> x, double[] gather)
    {
        Forward(sym, lx, unitDiagonal: ldl, x, gather);
        if (ldl) Diagonal(sym, lx, x);
        Backward(sym, lx, unitDiagonal: ldl, x, gather);
    }

    /// <summary>Forward substitution L y = b in place (L unit lower triangular when <paramref name="unitDiagonal"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(SymbolicCholesky sym, double[] lx, bool unitDiagonal, Span<double> x, double[] gather)
    {
        int ns = sym.SupernodeCount;
        var superStart = sym.SuperStart;
        var rowPointer = sym.RowPointer;
        var rows = sym.Rows;
        var valuePointer = sym.ValuePointer;
        fixed (double* lxp = lx)
        fixed (double* xp = x)
        fixed (double* work = gather)
        {
            for (int s = 0; s < ns; s++)
            {
                int k1 = superStart[s], nscol = superStart[s + 1] - k1;
                int psi = rowPointer[s], nsrow = rowPointer[s + 1] - psi;
                double* l = lxp + valuePointer[s];
                double* xs = xp + k1;
                for (int j = 0; j < nscol; j++)
                {
                    double* lj = l + (long)j * nsrow;
                    double xj = unitDiagonal ? xs[j] : xs[j] / lj[j];
                    xs[j] = xj;
                    for (int i = j + 1; i < nscol; i++) xs[i] -= lj[i] * xj;
                }
                int nb = nsrow - nscol;
                if (nb == 0) continue;
                new Span<double>(work, nb).Clear();
                for (int j = 0; j < nscol; j++) DenseKernels.Axpy(nb, -xs[j], l + (long)j * nsrow + nscol, work);
                for (int i = 0; i < nb; i++) xp[rows[psi + nscol + i]] += work[i];
            }
        }
    }

    /// <summary>x = D^-1 x for an LDL^T factor (D on the diagonal of each supernode's diagonal block).</summary>
    public static void Diagonal(SymbolicCholesky sym, double[] lx, Span<double> x)
    {
        var superStart = sym.SuperStart;
        var rowPointer = sym.RowPointer;
        var valuePointer = sym.ValuePointer;
        for (int s = 0; s < sym.SupernodeCount; s++)
        {
            int k1 = superStart[s], nscol = superStart[s + 1] - k1;
            int nsrow = rowPointer[s + 1] - rowPointer[s];
            long offset = valuePointer[s];
            for (int j = 0; j < nscol; j++) x[k1 + j] /= lx[offset + j + (long)j * nsrow];
        }
    }

    /// <summary>Backward substitution L^T x = y in place (L unit lower triangular when <paramref name="unitDiagonal"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(SymbolicCholesky sym, double[] lx, bool unitDiagonal, Span<double> x, double[] gather)
    {
        int ns = sym.SupernodeCount;
        var superStart = sym.SuperStart;
        var rowPointer = sym.RowPointer;
        var rows = sym.Rows;
        var valuePointer = sym.ValuePointer;
        fixed (double* lxp = lx)
        fixed (double* xp = x)
        fixed (double* work = gather)
        {
            for (int s = ns - 1; s >= 0; s--)
            {
                int k1 = superStart[s], nscol = superStart[s + 1] - k1;
                int psi = rowPointer[s], nsrow = rowPointer[s + 1] - psi;
                double* l = lxp + valuePointer[s];
                double* xs = xp + k1;
                int nb = nsrow - nscol;
                if (nb > 0)
                {
                    for (int i = 0; i < nb; i++) work[i] = xp[rows[psi + nscol + i]];
                    for (int j = 0; j < nscol; j++) xs[j] -= DenseKernels.Dot(nb, l + (long)j * nsrow + nscol, work);
                }
                for (int j = nscol - 1; j >= 0; j--)
                {
                    double* lj = l + (long)j * nsrow;
                    double sum = xs[j];
                    for (int i = j + 1; i < nscol; i++) sum -= lj[i] * xs[i];
                    xs[j] = unitDiagonal ? sum : sum / lj[j];
                }
            }
        }
    }
}
