namespace Logistics.Domain.Planning;

/// <summary>
/// Exact min-cost flow by the primal-dual method: Dijkstra on reduced costs (potentials keep them
/// non-negative; all original costs are non-negative so zero potentials start valid), then a Dinic
/// blocking flow on the admissible arcs (residual, reduced cost 0), repeated until the supply is sent.
/// Flat arrays (CSR adjacency, paired arcs 2i / 2i+1) and no hashing: the result depends only on the
/// order in which nodes and arcs were added, so it is deterministic.
/// </summary>
internal sealed class MinCostFlow
{
    public const long Infinite = long.MaxValue / 4;

    private readonly int _n;
    private readonly List<int> _from = [];
    private readonly List<int> _to = [];
    private readonly List<long> _cap = [];
    private readonly List<long> _cost = [];

    private int[] _head = [], _tail = [], _start = [], _adj = [];
    private long[] _res = [], _c = [], _origCap = [];

    public MinCostFlow(int nodes) => _n = nodes;

    public int NodeCount => _n;
    public int ArcCount => _from.Count;

    /// <summary>Adds an arc and returns its id (for <see cref="Flow"/>).</summary>
    public int AddArc(int from, int to, long capacity, long cost)
    {
        if (cost < 0) throw new ArgumentOutOfRangeException(nameof(cost), "costs must be non-negative");
        _from.Add(from); _to.Add(to); _cap.Add(capacity); _cost.Add(cost);
        return _from.Count - 1;
    }

    public long Flow(int arc) => _origCap[2 * arc] - _res[2 * arc];

    /// <summary>Sends up to <paramref name="amount"/> from source to sink at least cost; returns (flow, cost).</summary>
    public (long Flow, long Cost) Solve(int source, int sink, long amount)
    {
        Build();
        var pi = new long[_n];
        var dist = new long[_n];
        var level = new int[_n];
        var it = new int[_n];
        var queue = new int[_n];
        var done = new bool[_n];
        var pathArcs = new int[_n + 1];
        var heap = new IndexedHeap(dist);
        var zeroStack = new int[_n];
        long flow = 0, cost = 0;

        // Every node whose distance a Dijkstra set, and every node a level search reached: only those are
        // reset for the next round, not the whole graph (national: 5M nodes, reset in every one of
        // hundreds of phases, was most of the solve once nodes had to wait for days).
        var touched = new int[_n];
        int touchedCount = 0;
        Array.Fill(dist, Infinite);
        Array.Fill(level, -1);

        while (flow < amount)
        {
            // Dijkstra on reduced costs (indexed 4-ary heap with decrease-key), stopped once the sink is
            // settled. A node reached over a zero reduced cost arc from the node being settled has the
            // same, minimal, distance: it is settled at once through a stack, without heap work —
            // most of the graph sits on such zero arcs after the first phase.
            for (int i = 0; i < touchedCount; i++) { dist[touched[i]] = Infinite; done[touched[i]] = false; }
            touchedCount = 0;
            dist[source] = 0;
            touched[touchedCount++] = source;
            heap.Clear();
            heap.Push(source);
            int stackCount = 0;
            bool sinkSettled = false;
            while (!sinkSettled && (stackCount > 0 || heap.Count > 0))
            {
                int u;
                if (stackCount > 0) u = zeroStack[--stackCount];
                else
                {
                    u = heap.Pop();
                    if (done[u]) continue;
                    done[u] = true;
                }
                if (u == sink) break;
                long du = dist[u];
                for (int k = _start[u], end = _start[u + 1]; k < end; k++)
                {
                    int e = _adj[k];
                    if (_res[e] <= 0) continue;
                    int v = _head[e];
                    if (done[v]) continue;
                    long nd = du + _c[e] + pi[u] - pi[v];
                    if (nd == du)
                    {
                        if (dist[v] >= Infinite) touched[touchedCount++] = v;
                        dist[v] = du; done[v] = true;
                        heap.SiftUpIfPresent(v); // keep the heap ordered; it pops later and is skipped as done
                        if (v == sink) { sinkSettled = true; break; }
                        zeroStack[stackCount++] = v;
                    }
                    else if (nd < dist[v])
                    {
                        if (dist[v] >= Infinite) touched[touchedCount++] = v;
                        dist[v] = nd;
                        heap.PushOrDecrease(v);
                    }
                }
            }
            if (dist[sink] >= Infinite) break;
            long dt = dist[sink];
            // pi[v] += min(dist[v], dt) for every node, less the same dt for all: only reduced costs
            // (differences of pi) matter, so only the nodes settled nearer than the sink move.
            for (int i = 0; i < touchedCount; i++)
            {
                int v = touched[i];
                if (dist[v] < dt) pi[v] -= dt - dist[v];
            }

            // Blocking flows on the admissible graph until the sink is cut off from the source.
            bool sentThisPhase = false;
            while (flow < amount)
            {
                int qh = 0, qt = 0;
                queue[qt++] = source; level[source] = 0; it[source] = _start[source];
                while (qh < qt)
                {
                    int u = queue[qh++];
                    // Level order: once the sink has a level, nothing at or past it lies on a shortest
                    // path to it. Without this stop the search walked every admissible wait chain,
                    // hundreds of hours deep, in every round: 85% of the national solve.
                    if (level[sink] >= 0 && level[u] >= level[sink]) break;
                    for (int k = _start[u], end = _start[u + 1]; k < end; k++)
                    {
                        int e = _adj[k];
                        int v = _head[e];
                        if (level[v] >= 0 || _res[e] <= 0 || _c[e] + pi[u] - pi[v] != 0) continue;
                        level[v] = level[u] + 1;
                        it[v] = _start[v];
                        queue[qt++] = v;
                    }
                }
                var reached = qt;
                if (level[sink] < 0)
                {
                    for (int i = 0; i < reached; i++) level[queue[i]] = -1;
                    break;
                }

                // Iterative DFS with current-arc pointers.
                while (flow < amount)
                {
                    int depth = 0, x = source;
                    bool found = false;
                    while (true)
                    {
                        if (x == sink) { found = true; break; }
                        bool advanced = false;
                        for (; it[x] < _start[x + 1]; it[x]++)
                        {
                            int e = _adj[it[x]];
                            int v = _head[e];
                            if (_res[e] > 0 && level[v] == level[x] + 1 && _c[e] + pi[x] - pi[v] == 0)
                            {
                                pathArcs[depth++] = e; x = v; advanced = true; break;
                            }
                        }
                        if (advanced) continue;
                        level[x] = -1; // dead end for this phase
                        if (depth == 0) break;
                        int back = pathArcs[--depth];
                        x = _tail[back];
                        it[x]++;
                    }
                    if (!found) break;
                    long b = amount - flow;
                    for (int i = 0; i < depth; i++) b = Math.Min(b, _res[pathArcs[i]]);
                    for (int i = 0; i < depth; i++)
                    {
                        int e = pathArcs[i];
                        _res[e] -= b; _res[e ^ 1] += b;
                        cost += b * _c[e];
                    }
                    flow += b;
                    sentThisPhase = true;
                }
                for (int i = 0; i < reached; i++) level[queue[i]] = -1;
            }
            if (!sentThisPhase) throw new InvalidOperationException("min-cost flow made no progress");
        }
        return (flow, cost);
    }

    private void Build()
    {
        int m = _from.Count;
        _head = new int[2 * m]; _tail = new int[2 * m];
        _res = new long[2 * m]; _c = new long[2 * m]; _origCap = new long[2 * m];
        var deg = new int[_n + 1];
        for (int i = 0; i < m; i++)
        {
            int a = 2 * i;
            _tail[a] = _from[i]; _head[a] = _to[i]; _res[a] = _cap[i]; _c[a] = _cost[i]; _origCap[a] = _cap[i];
            _tail[a + 1] = _to[i]; _head[a + 1] = _from[i]; _res[a + 1] = 0; _c[a + 1] = -_cost[i];
            deg[_from[i] + 1]++; deg[_to[i] + 1]++;
        }
        for (int v = 0; v < _n; v++) deg[v + 1] += deg[v];
        _from.Clear(); _from.TrimExcess(); _to.Clear(); _to.TrimExcess();
        _cap.Clear(); _cap.TrimExcess(); _cost.Clear(); _cost.TrimExcess();
        _start = (int[])deg.Clone();
        _adj = new int[2 * m];
        var pos = (int[])deg.Clone();
        for (int a = 0; a < 2 * m; a++) _adj[pos[_tail[a]]++] = a;
    }

    /// <summary>4-ary min-heap of node ids keyed by dist[node], with decrease-key; ties by node id (deterministic).</summary>
    private sealed class IndexedHeap(long[] key)
    {
        private readonly int[] _pos = Enumerable.Repeat(-1, key.Length).ToArray();
        private readonly int[] _items = new int[key.Length];
        public int Count { get; private set; }

        public void Clear()
        {
            for (int i = 0; i < Count; i++) _pos[_items[i]] = -1;
            Count = 0;
        }

        public void Push(int v) => PushOrDecrease(v);

        public void SiftUpIfPresent(int v)
        {
            if (_pos[v] >= 0) Up(_pos[v]);
        }

        public void PushOrDecrease(int v)
        {
            int i = _pos[v];
            if (i < 0) { i = Count++; _items[i] = v; _pos[v] = i; }
            Up(i);
        }

        public int Pop()
        {
            int top = _items[0];
            _pos[top] = -1;
            int last = _items[--Count];
            if (Count > 0) { _items[0] = last; _pos[last] = 0; Down(0); }
            return top;
        }

        private bool Less(int a, int b) => key[a] < key[b] || (key[a] == key[b] && a < b);

        private void Up(int i)
        {
            int v = _items[i];
            while (i > 0)
            {
                int p = (i - 1) >> 2;
                int pv = _items[p];
                if (!Less(v, pv)) break;
                _items[i] = pv; _pos[pv] = i; i = p;
            }
            _items[i] = v; _pos[v] = i;
        }

        private void Down(int i)
        {
            int v = _items[i];
            while (true)
            {
                int c = (i << 2) + 1;
                if (c >= Count) break;
                int best = c, end = Math.Min(c + 4, Count);
                for (int j = c + 1; j < end; j++) if (Less(_items[j], _items[best])) best = j;
                if (!Less(_items[best], v)) break;
                _items[i] = _items[best]; _pos[_items[i]] = i; i = best;
            }
            _items[i] = v; _pos[v] = i;
        }
    }
}
