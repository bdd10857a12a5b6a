using Google.OrTools.LinearSolver;

namespace Logistics.Domain.Tests.Planning;

public class OrToolsSmokeTests
{
    [Fact]
    public void Glop_loads_and_solves_a_tiny_lp()
    {
        using var solver = Solver.CreateSolver("GLOP");
        Assert.NotNull(solver);
        var x = solver.MakeNumVar(0, 10, "x");
        var y = solver.MakeNumVar(0, 10, "y");
        solver.Add(x + y >= 4);
        solver.Minimize(2 * x + 3 * y);
        Assert.Equal(Solver.ResultStatus.OPTIMAL, solver.Solve());
        Assert.Equal(8, solver.Objective().Value(), 6);
    }
}
