using Solvers.Linear.IO;

namespace Solvers.Linear.Tests.IO;

public class LibSvmTests
{
    [Fact]
    public void ReadsSparseRowsLabelsAndComments()
    {
        var data = LibSvm.Read(new StringReader("+1 1:0.5 3:-2 # first\n\n-1 2:1e-3\n0 \n"));
        Assert.Equal(3, data.SampleCount);
        Assert.Equal(3, data.FeatureCount);
        Assert.Equal(new[] { 1.0, -1.0, 0.0 }, data.Labels);
        Assert.Equal(0.5, data.Features[0, 0]);
        Assert.Equal(-2.0, data.Features[0, 2]);
        Assert.Equal(1e-3, data.Features[1, 1]);
        Assert.Equal(0, data.Features.RowPointers[3] - data.Features.RowPointers[2]);
        Assert.Equal(5, LibSvm.Read(new StringReader("1 2:1\n"), featureCount: 5).FeatureCount);
    }

    [Fact]
    public void ShippedDataSetsHaveTheDocumentedShape()
    {
        foreach (var (file, rows, features) in new[] { ("heart.svm", 270, 13), ("bc.svm", 569, 30) })
        {
            var data = LibSvm.Read(TestData.File(file));
            Assert.Equal(rows, data.SampleCount);
            Assert.Equal(features, data.FeatureCount);
            Assert.All(data.BinaryLabels(), v => Assert.True(v is 1.0 or -1.0));
            // Independent check of one row with a naive split.
            var first = File.ReadLines(TestData.File(file)).First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var pair in first.Skip(1))
            {
                var parts = pair.Split(':');
                Assert.Equal(double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), data.Features[0, int.Parse(parts[0]) - 1]);
            }
        }
    }

    [Fact]
    public void ZeroOneLabelsMapToMinusOnePlusOne()
    {
        var data = LibSvm.Read(new StringReader("0 1:1\n1 1:2\n"));
        Assert.Equal(new[] { -1.0, 1.0 }, data.BinaryLabels());
        var message = Assert.Throws<FormatException>(() => LibSvm.Read(new StringReader("1 1:1\n2 1:2\n")).BinaryLabels()).Message;
        Assert.Contains("not binary", message);
        Assert.Contains("label is 2 at sample 2 of 2", message);
        Assert.Contains("both -1 and 0", Assert.Throws<FormatException>(() => LibSvm.Read(new StringReader("-1 1:1\n0 1:2\n1 1:3\n")).BinaryLabels()).Message);
    }

    [Theory]
    [InlineData("1 1:1\nabc 1:2\n", "line 2", "label")]
    [InlineData("1 1:1 2\n", "line 1", "index:value")]
    [InlineData("1 0:1\n", "line 1", "1-based")]
    [InlineData("1 3:1 2:1\n", "line 1", "ascend")]
    [InlineData("1 1:x\n", "line 1", "not a number")]
    [InlineData("1 1:NaN\n", "line 1", "finite")]
    [InlineData("\n\n", "line 2", "no samples")]
    public void MalformedLinesNameTheLine(string text, string line, string phrase)
    {
        var e = Assert.Throws<FormatException>(() => LibSvm.Read(new StringReader(text), sourceName: "d.svm"));
        Assert.Contains(line, e.Message);
        Assert.Contains(phrase, e.Message);
        Assert.StartsWith("d.svm", e.Message);
    }

    [Fact]
    public void IndexBeyondDeclaredFeatureCountIsAnError() =>
        Assert.Contains("exceeds", Assert.Throws<FormatException>(() => LibSvm.Read(new StringReader("1 7:1\n"), featureCount: 5)).Message);
}
