using Solvers.Linear.Generators.Fluid;

namespace Solvers.Linear.Tests.Generators;

public class FluidDomainTests
{
    private static string WriteMask(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"solvers-mask-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void BoxDiscAndRectanglesHaveTheAdvertisedShape()
    {
        var box = FluidDomain.Box(6);
        Assert.Equal("box", box.Name);
        Assert.All(box.Mask.ToArray(), Assert.True);

        var disc = FluidDomain.Disc(20);
        Assert.Equal("disc", disc.Name);
        Assert.False(disc.IsFluid(11, 10));  // centre (0.55 N, 0.5 N)
        Assert.True(disc.IsFluid(0, 0));
        Assert.True(disc.IsFluid(19, 19));
        Assert.True(Enumerable.Range(0, 20).All(c => disc.IsFluid(0, c)));
        // Radius 0.2 N = 4 cells: about pi 16 ~ 50 solid cells.
        Assert.InRange(400 - disc.FluidCount, 40, 60);

        var rects = FluidDomain.Rectangles(40, count: 4, seed: 3);
        Assert.Equal(rects.Mask.ToArray(), FluidDomain.Rectangles(40, count: 4, seed: 3).Mask.ToArray());
        Assert.NotEqual(rects.Mask.ToArray(), FluidDomain.Rectangles(40, count: 4, seed: 4).Mask.ToArray());
        // Four rectangles with sides 4..10 cover between 16 and 400 cells.
        Assert.InRange(1600 - rects.FluidCount, 16, 400);
    }

    [Fact]
    public void RectanglesNeverCloseTheWholeTopRow()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            var d = FluidDomain.Rectangles(4, count: 12, seed: seed);
            Assert.Contains(true, d.Mask[..4].ToArray());
        }
    }

    [Fact]
    public void CsvIsReadTopRowFirstWithCrLfAndTrailingBlankLines()
    {
        string path = WriteMask("1,1,1\r\n1, 0 ,1\r\n0,0,1\r\n\r\n");
        var d = FluidDomain.ReadCsv(path);
        Assert.Equal(3, d.N);
        Assert.Equal(Path.GetFileName(path), d.Name);
        Assert.Equal([true, true, true, true, false, true, false, false, true], d.Mask.ToArray());
        Assert.False(d.IsFluid(2, 0));
        Assert.Equal(d.Mask.ToArray(), FluidDomain.Parse(3, path).Mask.ToArray());
        File.Delete(path);
    }

    [Theory]
    [InlineData("1,0\n1,x\n", "line 2, column 2")]
    [InlineData("1,0,1\n1,0\n1,1,1\n", "line 2")]
    [InlineData("1,0,1\n1,0,1\n", "square")]
    [InlineData("1,0\n\n1,1\n", "line 2")]
    [InlineData("", "empty")]
    public void MalformedCsvNamesTheLine(string text, string expected)
    {
        string path = WriteMask(text);
        var e = Assert.Throws<FormatException>(() => FluidDomain.ReadCsv(path));
        Assert.Contains(expected, e.Message);
        Assert.Contains(Path.GetFileName(path), e.Message);
        File.Delete(path);
    }

    [Fact]
    public void ParseKnowsTheKindsAndChecksTheMaskSize()
    {
        Assert.Equal("box", FluidDomain.Parse(8, "box").Name);
        Assert.Equal("disc", FluidDomain.Parse(8, "DISC").Name);
        Assert.Equal(FluidDomain.Rectangles(16).Mask.ToArray(), FluidDomain.Parse(16, "rects").Mask.ToArray());
        Assert.Equal(FluidDomain.Rectangles(16, seed: 7).Mask.ToArray(), FluidDomain.Parse(16, "rects@7").Mask.ToArray());
        Assert.Throws<ArgumentException>(() => FluidDomain.Parse(16, "rects@x"));
        Assert.Contains("neither", Assert.Throws<ArgumentException>(() => FluidDomain.Parse(8, "nonsense")).Message);

        string path = WriteMask("1,1\n1,0\n");
        var e = Assert.Throws<ArgumentException>(() => FluidDomain.Parse(5, path));
        Assert.Contains("2 x 2", e.Message);
        File.Delete(path);
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FluidDomain.Box(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FluidDomain.Disc(8, radius: -1));
        Assert.Contains("needs 9", Assert.Throws<ArgumentException>(() => FluidDomain.FromMask(new bool[8], 3, "m")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => FluidDomain.Box(4).IsFluid(4, 0));
    }
}
