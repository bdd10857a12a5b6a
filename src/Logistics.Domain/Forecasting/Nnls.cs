namespace Logistics.Domain.Forecasting;

/// <summary>
/// Non-negative least squares in normal-equation form: minimise βᵀAβ − 2bᵀβ subject to β ≥ 0, by
/// cyclic coordinate descent (deterministic, exact per coordinate). A is the Gram matrix (plus any
/// ridge), so the data is read once when A is built, however many rows there are.
/// </summary>
public static class Nnls
{
    public static double[] Solve(double[,] a, double[] b, int sweeps, double[]? start = null)
    {
        var n = b.Length;
        var beta = start is null ? new double[n] : (double[])start.Clone();
        var grad = new double[n]; // A·β − b, kept up to date
        for (var i = 0; i < n; i++)
        {
            double s = -b[i];
            for (var j = 0; j < n; j++) s += a[i, j] * beta[j];
            grad[i] = s;
        }
        for (var sweep = 0; sweep < sweeps; sweep++)
        {
            double moved = 0, size = 0;
            for (var j = 0; j < n; j++)
            {
                if (a[j, j] <= 0) { beta[j] = 0; continue; }
                var next = Math.Max(0, beta[j] - grad[j] / a[j, j]);
                var delta = next - beta[j];
                if (delta == 0) continue;
                beta[j] = next;
                for (var i = 0; i < n; i++) grad[i] += a[i, j] * delta;
                moved = Math.Max(moved, Math.Abs(delta) * Math.Sqrt(a[j, j]));
                size = Math.Max(size, Math.Abs(next) * Math.Sqrt(a[j, j]));
            }
            if (moved <= 1e-10 * Math.Max(size, 1e-300)) break;
        }
        return beta;
    }
}
