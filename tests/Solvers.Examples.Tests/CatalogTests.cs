namespace Solvers.Examples.Tests;

public class CatalogTests
{
    [Fact]
    public void EveryExampleIsReachableByTheNameItReports()
    {
        Assert.Equal(["krylov", "direct", "sequence", "transport", "nlp", "bcd", "minmax"], Catalog.Names);
        Assert.True(Catalog.TryGet("NLP", out var run));
        Assert.Equal("nlp", run(TextWriter.Null).Name);
        Assert.False(Catalog.TryGet("nope", out _));
    }
}
