using Solvers.Linear.Dcdm.Network;

namespace Solvers.Linear.Dcdm;

/// <summary>
/// Puts a vector on its grid, runs the network, and reads the result back: the "f(r)" of DCDM. The grid is padded with
/// empty cells up to the network's size multiple. Inputs are scaled to unit root-mean-square per unknown, in training
/// and in solving alike, so that the network sees the same magnitudes on every grid size.
/// </summary>
internal sealed class NetworkDirection
{
    private readonly PressureNetwork _network;
    private readonly GridLayout _layout;
    private readonly NetworkWorkspace _workspace;
    private readonly float[] _input, _output;
    private readonly int[] _paddedCell;
    private readonly int _channels;

    public NetworkDirection(PressureNetwork network, GridLayout layout, int threads = 1)
    {
        _network = network;
        _layout = layout;
        int multiple = network.Architecture.GridMultipleFor(layout.Height, layout.Width);
        PaddedHeight = RoundUp(layout.Height, multiple);
        PaddedWidth = RoundUp(layout.Width, multiple);
        _workspace = network.CreateWorkspace(PaddedHeight, PaddedWidth, threads);
        _channels = network.Architecture.InputChannels;
        _input = new float[PaddedHeight * PaddedWidth * _channels];
        _output = new float[PaddedHeight * PaddedWidth];
        _paddedCell = new int[layout.UnknownCount];
        for (int i = 0; i < _paddedCell.Length; i++)
        {
            int cell = layout.CellOfUnknown[i];
            _paddedCell[i] = cell / layout.Width * PaddedWidth + cell % layout.Width;
            // Channel 1 is the fixed fluid mask. Channel 0 of cells without an unknown is never written and stays 0.
            if (_channels > 1) _input[_paddedCell[i] * _channels + 1] = 1f;
        }
    }

    /// <summary>Unknowns of the layout this direction works on.</summary>
    public int UnknownCount => _layout.UnknownCount;

    public int PaddedHeight { get; }
    public int PaddedWidth { get; }

    internal NetworkWorkspace Workspace => _workspace;

    /// <summary>The factor that gives a vector of norm <paramref name="norm"/> unit RMS over the layout's unknowns.</summary>
    public double InputScale(double norm) => norm > 0 ? Math.Sqrt(_layout.UnknownCount) / norm : 1.0;

    /// <summary>q = f(scale * r), restricted to the unknowns.</summary>
    public void Apply(ReadOnlySpan<double> r, double scale, Span<double> q)
    {
        LoadInput(r, scale);
        _network.Apply(_workspace, _input, _output);
        for (int i = 0; i < q.Length; i++) q[i] = _output[_paddedCell[i]];
    }

    /// <summary>q = f(scale * r) for float input, leaving the activations in the workspace for a backward pass.</summary>
    public void Forward(ReadOnlySpan<float> r, float scale, Span<double> q)
    {
        for (int i = 0; i < r.Length; i++) _input[_paddedCell[i] * _channels] = scale * r[i];
        _network.Apply(_workspace, _input, _output);
        for (int i = 0; i < q.Length; i++) q[i] = _output[_paddedCell[i]];
    }

    /// <summary>Sets the output gradient from dL/dq (zero at padding and solid cells).</summary>
    public void SetOutputGradient(ReadOnlySpan<double> gradient)
    {
        var map = _workspace.OutputGradient;
        map.Clear();
        for (int i = 0; i < gradient.Length; i++)
        {
            int cell = _paddedCell[i];
            map[cell / PaddedWidth, cell % PaddedWidth, 0] = (float)gradient[i];
        }
    }

    private void LoadInput(ReadOnlySpan<double> r, double scale)
    {
        for (int i = 0; i < r.Length; i++) _input[_paddedCell[i] * _channels] = (float)(scale * r[i]);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
