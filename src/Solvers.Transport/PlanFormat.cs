namespace Solvers.Transport;

/// <summary>How a solver returns the transport plan.</summary>
public enum PlanFormat
{
    /// <summary>A dense n x m array.</summary>
    Dense,

    /// <summary>A CSR matrix of the entries above <see cref="TransportOptions.SparseDropTolerance"/>.</summary>
    Sparse,

    /// <summary>No plan (cost, potentials and marginal error are still computed).</summary>
    None,
}
