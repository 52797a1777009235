namespace Solvers.Constrained.Halpern;

/// <summary>Evaluates component i of a finite-sum operator at u into the output span.</summary>
public delegate void ComponentEvaluator(int i, ReadOnlySpan<double> u, Span<double> result);

/// <summary>
/// A user-supplied finite-sum operator: only the components are given; F is their mean (so a full
/// evaluation really calls the delegate n times).
/// </summary>
public sealed class DelegateFiniteSum : FiniteSumOperator
{
    private readonly ComponentEvaluator _component;
    private readonly double[] _scratch;

    /// <summary>Creates the operator of dimension <paramref name="dimension"/> with <paramref name="componentCount"/> components.</summary>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public DelegateFiniteSum(int dimension, int componentCount, ComponentEvaluator component)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (dimension < 1) throw new ArgumentException($"Dimension must be positive, was {dimension}.", nameof(dimension));
        if (componentCount < 1) throw new ArgumentException($"Component count must be positive, was {componentCount}.", nameof(componentCount));
        Dimension = dimension;
        ComponentCount = componentCount;
        _component = component;
        _scratch = new double[dimension];
    }

    /// <inheritdoc/>
    public override int Dimension { get; }

    /// <inheritdoc/>
    public override int ComponentCount { get; }

    /// <inheritdoc/>
    protected override void EvaluateCore(ReadOnlySpan<double> u, Span<double> result)
    {
        result.Clear();
        for (int i = 0; i < ComponentCount; i++)
        {
            _component(i, u, _scratch);
            System.Numerics.Tensors.TensorPrimitives.Add(result, _scratch, result);
        }
        System.Numerics.Tensors.TensorPrimitives.Multiply(result, 1.0 / ComponentCount, result);
    }

    /// <inheritdoc/>
    protected override void EvaluateComponentCore(int i, ReadOnlySpan<double> u, Span<double> result) => _component(i, u, result);
}
