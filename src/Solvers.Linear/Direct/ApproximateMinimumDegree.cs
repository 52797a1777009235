using System.Runtime.CompilerServices;
namespace Solvers.Linear.Direct;

/// <summary>
/// Approximate minimum degree ordering on a symmetric pattern: P. R. Amestoy, T. A. Davis and I. S. Duff,
/// "An approximate minimum degree ordering algorithm", SIAM J. Matrix Anal. Appl. 17(4):886-905, 1996; T. A. Davis,
/// Direct Methods for Sparse Linear Systems, SIAM 2006, section 7.1.
/// </summary>
/// <remarks>
/// Elimination runs on the quotient graph: each node is a variable (not yet eliminated) or an element (an eliminated
/// pivot standing for the clique of its remaining neighbours). Each variable's list holds its elements first and then
/// its variable neighbours; an element's list holds its variables. Per pivot:
/// <list type="number">
/// <item>take a variable of least approximate degree;</item>
/// <item>form its element L_me = the union of its variables and of the variables of its elements, absorbing those elements;</item>
/// <item>for every element e next to L_me, compute |L_e \ L_me| (the "w" scan of the paper);</item>
/// <item>for every i in L_me: prune its lists, absorb elements with L_e inside L_me (aggressive absorption), bound
/// its external degree by min(n - k, d_i + |L_me \ i|, |A_i \ i| + |L_me \ i| + sum |L_e \ L_me|), and eliminate
/// it together with me when nothing else is left (mass elimination);</item>
/// <item>merge indistinguishable variables (same lists; found by a hash and compared exactly) into supervariables.</item>
/// </list>
/// The final order is a postorder of the assembly tree of elements, each pivot followed by the variables merged into it;
/// nodes of very high degree (dense rows) are removed at the start and ordered last.
/// </remarks>
internal static class ApproximateMinimumDegree
{
    private const byte Variable = 0, Element = 1, NonPrincipal = 2, MassEliminated = 3, AbsorbedElement = 4, Dense = 5;

    /// <summary>The "new to old" order of <paramref name="graph"/>'s nodes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Order(GraphPattern graph, AmdOptions options)
    {
        int n = graph.NodeCount;
        if (n == 0) return [];
        int nnz = graph.EdgeEntries;
        long wanted = (long)nnz + nnz / 5 + 2L * n + 16;
        if (wanted > Array.MaxLength) throw new ArgumentException($"The graph has {nnz} adjacency entries; too many for AMD's workspace.");
        int iwlen = (int)wanted;
        var iw = new int[iwlen];
        Array.Copy(graph.Neighbours, iw, nnz);

        var pe = new int[n];        // start of each node's list in iw, -1 when empty or dead
        var len = new int[n];       // length of the list
        var elen = new int[n];      // variables: number of elements at the front of the list
        var nv = new int[n];        // supervariable size (0 once merged, negative while in the current L_me)
        var degree = new int[n];    // variables: approximate external degree; elements: |L_e|
        var w = new int[n];         // elements: |L_e \ L_me| + wflg in the current step; 0 once absorbed
        var head = new int[n];      // degree lists
        var next = new int[n];
        var last = new int[n];
        var parent = new int[n];
        var state = new byte[n];
        var bucketHead = new int[n];
        var bucketNext = new int[n];
        var hashOf = new int[n];

        var xadj = graph.Pointers;
        for (int i = 0; i < n; i++)
        {
            pe[i] = xadj[i + 1] > xadj[i] ? xadj[i] : -1;
            len[i] = xadj[i + 1] - xadj[i];
        }
        Array.Fill(nv, 1);
        Array.Fill(w, 1);
        Array.Fill(head, -1);
        Array.Fill(parent, -1);
        Array.Fill(bucketHead, -1);

        double denseLimit = options.DenseThreshold < 0 ? n : Math.Max(16.0, options.DenseThreshold * Math.Sqrt(n));
        int nel = 0;
        for (int i = 0; i < n; i++)
        {
            if (len[i] > denseLimit && options.DenseThreshold >= 0)
            {
                state[i] = Dense;
                nv[i] = 0;
                elen[i] = -1;
                pe[i] = -1;
                nel++;
                continue;
            }
            degree[i] = len[i];
            InsertDegree(i, len[i], head, next, last);
        }

        int pfree = nnz;
        int mindeg = 0, lemax = 0;
        int stamp = 1;   // every w value not set in the current step is <= stamp
        bool aggressive = options.AggressiveAbsorption;

        while (nel < n)
        {
            // 1. Pivot of least approximate degree.
            int deg = mindeg;
            while (head[deg] < 0) deg++;
            mindeg = deg;
            int me = head[deg];
            RemoveDegree(me, deg, head, next, last);
            int elenme = elen[me];
            int nvpiv = nv[me];
            nel += nvpiv;

            // 2. Construct L_me: in place when me has no elements, else at the end of iw.
            nv[me] = -nvpiv;
            int degme = 0;
            int pme1, pme2;
            if (elenme == 0)
            {
                pme1 = pe[me];
                pme2 = pme1 - 1;
                if (pme1 >= 0)
                {
                    int pEnd = pme1 + len[me];
                    for (int p = pme1; p < pEnd; p++)
                    {
                        int i = iw[p];
                        int nvi = nv[i];
                        if (nvi <= 0) continue;
                        degme += nvi;
                        nv[i] = -nvi;
                        iw[++pme2] = i;
                        RemoveDegree(i, degree[i], head, next, last);
                    }
                }
                else pme1 = 0;
            }
            else
            {
                int p = pe[me];
                pme1 = pfree;
                int slenme = len[me] - elenme;
                for (int knt1 = 1; knt1 <= elenme + 1; knt1++)
                {
                    int e, pj, ln;
                    if (knt1 > elenme) { e = me; pj = p; ln = slenme; }
                    else { e = iw[p++]; pj = pe[e]; ln = len[e]; }
                    for (int knt2 = 1; knt2 <= ln; knt2++)
                    {
                        int i = iw[pj++];
                        int nvi = nv[i];
                        if (nvi <= 0) continue;
                        if (pfree >= iwlen)
                        {
                            // Out of room: record how far me and e have been read, compact, move the partial L_me down.
                            len[me] -= knt1;
                            pe[me] = len[me] > 0 ? p : -1;
                            len[e] = ln - knt2;
                            pe[e] = len[e] > 0 ? pj : -1;
                            int partial = pfree - pme1;
                            int newFree = Compress(iw, pe, len, n, pme1);
                            Array.Copy(iw, pme1, iw, newFree, partial);
                            pme1 = newFree;
                            pfree = newFree + partial;
                            if (pfree >= iwlen) throw new InvalidOperationException("AMD workspace exhausted after compaction.");
                            p = pe[me];
                            pj = pe[e];
                        }
                        degme += nvi;
                        nv[i] = -nvi;
                        iw[pfree++] = i;
                        RemoveDegree(i, degree[i], head, next, last);
                    }
                    if (e != me)
                    {
                        // Element e is absorbed into me.
                        pe[e] = -1;
                        parent[e] = me;
                        state[e] = AbsorbedElement;
                        w[e] = 0;
                    }
                }
                pme2 = pfree - 1;
            }
            degree[me] = degme;
            pe[me] = pme1;
            len[me] = pme2 - pme1 + 1;
            state[me] = Element;
            elen[me] = -1;

            // 3. |L_e \ L_me| for every element e adjacent to a variable of L_me, kept as w[e] - wflg.
            if (stamp > int.MaxValue - 2 * n - 4)
            {
                for (int x = 0; x < n; x++) if (w[x] != 0) w[x] = 1;
                stamp = 1;
            }
            int wflg = stamp + 1;
            for (int pme = pme1; pme <= pme2; pme++)
            {
                int i = iw[pme];
                int eln = elen[i];
                if (eln <= 0) continue;
                int nvi = -nv[i];
                int wnvi = wflg - nvi;
                int pStart = pe[i];
                for (int p = pStart; p < pStart + eln; p++)
                {
                    int e = iw[p];
                    int we = w[e];
                    if (we >= wflg) we -= nvi;
                    else if (we != 0) we = degree[e] + wnvi;
                    w[e] = we;
                }
            }

            // 4. Degree update, list pruning, aggressive absorption and mass elimination.
            for (int pme = pme1; pme <= pme2; pme++)
            {
                int i = iw[pme];
                int p1 = pe[i];
                int p2 = p1 + elen[i] - 1;
                int pn = p1;
                long hash = 0;
                int d = 0;
                for (int p = p1; p <= p2; p++)
                {
                    int e = iw[p];
                    int we = w[e];
                    if (we == 0) continue;   // absorbed earlier: drop from the list
                    int dext = we - wflg;
                    if (dext > 0 || !aggressive)
                    {
                        d += dext;
                        iw[pn++] = e;
                        hash += e;
                    }
                    else
                    {
                        // L_e is inside L_me: aggressive absorption.
                        pe[e] = -1;
                        parent[e] = me;
                        state[e] = AbsorbedElement;
                        w[e] = 0;
                    }
                }
                elen[i] = pn - p1 + 1;
                int p3 = pn;
                int p4 = p1 + len[i];
                for (int p = p2 + 1; p < p4; p++)
                {
                    int j = iw[p];
                    int nvj = nv[j];
                    if (nvj <= 0) continue;   // in L_me (reached through me now), merged, eliminated or dense
                    d += nvj;
                    iw[pn++] = j;
                    hash += j;
                }
                if (elen[i] == 1 && p3 == pn)
                {
                    // Only me is left next to i: eliminate i together with me.
                    pe[i] = -1;
                    parent[i] = me;
                    state[i] = MassEliminated;
                    int nvi = -nv[i];
                    degme -= nvi;
                    nvpiv += nvi;
                    nel += nvi;
                    nv[i] = 0;
                    elen[i] = -1;
                }
                else
                {
                    degree[i] = Math.Min(degree[i], d);
                    // Put me at the front of the element list: first variable to the end, first element to the front slot.
                    iw[pn] = iw[p3];
                    iw[p3] = iw[p1];
                    iw[p1] = me;
                    len[i] = pn - p1 + 1;
                    int h = (int)(hash % n);
                    hashOf[i] = h;
                    bucketNext[i] = bucketHead[h];
                    bucketHead[h] = i;
                }
            }
            degree[me] = degme;
            lemax = Math.Max(lemax, degme);
            stamp = wflg + lemax;

            // 5. Supervariable detection: variables of L_me with equal hash are compared exactly.
            for (int pme = pme1; pme <= pme2; pme++)
            {
                int i = iw[pme];
                if (nv[i] >= 0) continue;
                int h = hashOf[i];
                int first = bucketHead[h];
                if (first < 0) continue;
                bucketHead[h] = -1;
                for (int a = first; a >= 0; a = bucketNext[a])
                {
                    if (bucketNext[a] < 0) break;
                    int ln = len[a], eln = elen[a], pa = pe[a];
                    stamp++;
                    for (int p = pa + 1; p < pa + ln; p++) w[iw[p]] = stamp;
                    int jlast = a;
                    int j = bucketNext[a];
                    while (j >= 0)
                    {
                        bool same = len[j] == ln && elen[j] == eln;
                        int pj = pe[j];
                        for (int p = pj + 1; same && p < pj + ln; p++)
                            if (w[iw[p]] != stamp) same = false;
                        if (same)
                        {
                            parent[j] = a;
                            state[j] = NonPrincipal;
                            nv[a] += nv[j];
                            nv[j] = 0;
                            elen[j] = -1;
                            pe[j] = -1;
                            j = bucketNext[j];
                            bucketNext[jlast] = j;
                        }
                        else
                        {
                            jlast = j;
                            j = bucketNext[j];
                        }
                    }
                }
            }

            // 6. Final degrees; compact L_me to its surviving principal variables.
            int pw = pme1;
            int nleft = n - nel;
            for (int pme = pme1; pme <= pme2; pme++)
            {
                int i = iw[pme];
                int nvi = -nv[i];
                if (nvi <= 0) continue;
                nv[i] = nvi;
                int d = Math.Min(degree[i] + degme - nvi, nleft - nvi);
                if (d < 0) d = 0;
                degree[i] = d;
                InsertDegree(i, d, head, next, last);
                if (d < mindeg) mindeg = d;
                iw[pw++] = i;
            }
            nv[me] = nvpiv;
            len[me] = pw - pme1;
            if (len[me] == 0)
            {
                pe[me] = -1;
                w[me] = 0;
            }
            if (elenme != 0) pfree = pw;
        }

        return Postorder(n, state, parent, nv);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InsertDegree(int i, int d, int[] head, int[] next, int[] last)
    {
        int h = head[d];
        next[i] = h;
        last[i] = -1;
        if (h >= 0) last[h] = i;
        head[d] = i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RemoveDegree(int i, int d, int[] head, int[] next, int[] last)
    {
        int nx = next[i], ls = last[i];
        if (nx >= 0) last[nx] = ls;
        if (ls >= 0) next[ls] = nx;
        else head[d] = nx;
    }

    /// <summary>
    /// Compacts the live lists stored below <paramref name="limit"/> to the front of iw and returns the first free
    /// slot. Each live list's first entry is parked in pe and replaced by a marker -(owner) - 2, so one sweep finds
    /// the lists in storage order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Compress(int[] iw, int[] pe, int[] len, int n, int limit)
    {
        for (int j = 0; j < n; j++)
        {
            int p = pe[j];
            if (p < 0) continue;
            if (len[j] == 0) { pe[j] = -1; continue; }
            pe[j] = iw[p];
            iw[p] = -j - 2;
        }
        int dst = 0, src = 0;
        while (src < limit)
        {
            int v = iw[src++];
            if (v >= 0) continue;
            int j = -v - 2;
            iw[dst] = pe[j];
            pe[j] = dst++;
            for (int t = 1; t < len[j]; t++) iw[dst++] = iw[src++];
        }
        return dst;
    }

    /// <summary>
    /// The order: elements in a postorder of the assembly tree, each followed by the variables eliminated with it
    /// (merged supervariable members and mass-eliminated variables); dense nodes last.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] Postorder(int n, byte[] state, int[] parent, int[] nv)
    {
        // The element in which each non-dense node was eliminated.
        var owner = new int[n];
        for (int x = 0; x < n; x++)
        {
            if (state[x] == Dense) { owner[x] = -1; continue; }
            int y = x;
            while (state[y] == NonPrincipal) y = parent[y];
            // Path compression keeps long merge chains linear.
            for (int z = x; state[z] == NonPrincipal && parent[z] != y;)
            {
                int up = parent[z];
                parent[z] = y;
                z = up;
            }
            if (state[y] == MassEliminated) y = parent[y];
            owner[x] = y;
        }

        // Children lists of the element tree (absorbed element -> absorbing element), and member lists.
        var childHead = new int[n];
        var childNext = new int[n];
        var memberHead = new int[n];
        var memberNext = new int[n];
        Array.Fill(childHead, -1);
        Array.Fill(memberHead, -1);
        for (int x = n - 1; x >= 0; x--)
        {
            if (state[x] == AbsorbedElement)
            {
                childNext[x] = childHead[parent[x]];
                childHead[parent[x]] = x;
            }
            int o = owner[x];
            if (o >= 0 && o != x)
            {
                memberNext[x] = memberHead[o];
                memberHead[o] = x;
            }
        }

        var order = new int[n];
        int k = 0;
        var stack = new int[n];
        for (int root = 0; root < n; root++)
        {
            if (state[root] != Element) continue;
            // Iterative postorder: a node is emitted after all its children.
            int top = 0;
            stack[0] = root;
            while (top >= 0)
            {
                int e = stack[top];
                int c = childHead[e];
                if (c >= 0)
                {
                    childHead[e] = childNext[c];
                    stack[++top] = c;
                    continue;
                }
                top--;
                order[k++] = e;
                for (int m = memberHead[e]; m >= 0; m = memberNext[m]) order[k++] = m;
            }
        }
        for (int x = 0; x < n; x++)
            if (state[x] == Dense) order[k++] = x;
        if (k != n) throw new InvalidOperationException($"AMD produced {k} of {n} indices.");
        return order;
    }
}
