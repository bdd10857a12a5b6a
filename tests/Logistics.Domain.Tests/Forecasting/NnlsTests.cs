using Logistics.Domain.Forecasting;

namespace Logistics.Domain.Tests.Forecasting;

public sealed class NnlsTests
{
    [Fact]
    public void Recovers_non_negative_coefficients_and_clamps_negative_ones_to_zero()
    {
        // y = 2·x1 + 0·x2 − 1·x3 over a few rows: the unconstrained fit has x3 < 0.
        double[][] x = [[1, 0, 0], [0, 1, 0], [1, 1, 1], [2, 0, 1], [1, 3, 0]];
        var y = x.Select(r => 2 * r[0] - 1 * r[2]).ToArray();
        var a = new double[3, 3];
        var b = new double[3];
        for (var n = 0; n < x.Length; n++)
            for (var i = 0; i < 3; i++)
            {
                b[i] += x[n][i] * y[n];
                for (var j = 0; j < 3; j++) a[i, j] += x[n][i] * x[n][j];
            }
        var beta = Nnls.Solve(a, b, 500);
        Assert.All(beta, v => Assert.True(v >= 0));
        Assert.Equal(0, beta[2]);
        var exact = Nnls.Solve(new double[,] { { 2, 0 }, { 0, 4 } }, [4, 2], 50);
        Assert.Equal(2, exact[0], 9);
        Assert.Equal(0.5, exact[1], 9);
    }
}
