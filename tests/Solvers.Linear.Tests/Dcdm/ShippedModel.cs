using Solvers.Linear.Dcdm;

namespace Solvers.Linear.Tests.Dcdm;

/// <summary>The trained model the repository ships (models/dcdm-fluid64.dcdm), copied next to the test assembly.</summary>
internal static class ShippedModel
{
    public const string FileName = "dcdm-fluid64.dcdm";

    private static readonly Lazy<DcdmModel> s_model = new(() => DcdmModel.Load(Path));

    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "models", FileName);

    public static DcdmModel Model => s_model.Value;
}
