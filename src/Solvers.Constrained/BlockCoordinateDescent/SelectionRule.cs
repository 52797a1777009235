namespace Solvers.Constrained.BlockCoordinateDescent;

/// <summary>How the block updated at each iteration is chosen (Nutini et al. 2022, section 3).</summary>
public enum SelectionRule
{
    /// <summary>A uniformly random block (variable blocks: tau distinct random coordinates).</summary>
    Random,

    /// <summary>Blocks in order, re-permuted every epoch.</summary>
    Cyclic,

    /// <summary>Gauss-Southwell: the block with the largest l1 sum of |minimum-norm subgradient|.</summary>
    GaussSouthwell,

    /// <summary>Gauss-Southwell-Lipschitz: the largest guaranteed decrease of a gradient step with 1/L_b (proximal form with L1).</summary>
    GaussSouthwellLipschitz,

    /// <summary>
    /// Gauss-Southwell-diagonal: the largest decrease bound of the <see cref="BlockUpdate.Diagonal"/> step (variable blocks:
    /// the tau largest per-coordinate bounds with L_i, a lower bound on D_ii, as GSL scores them).
    /// </summary>
    GaussSouthwellDiagonal,

    /// <summary>
    /// Gauss-Southwell-quadratic: the largest g_b^T H_b^-1 g_b over fixed blocks (with L1, g is the minimum-norm
    /// subgradient). With variable blocks (tau &gt; 1) the block is the support of an iterative-hard-thresholding
    /// approximation of min over tau-sparse d of g^T d + d^T H d / 2 (the paper's code), on objectives with a global
    /// curvature bound (<see cref="SmoothObjective.CurvatureBoundProduct"/>: least squares, ridge, quadratics); elsewhere
    /// and for tau = 1 coordinates are scored as GSD does.
    /// </summary>
    GaussSouthwellQuadratic,
}

/// <summary>How x_b is changed once block b is chosen (Nutini et al. 2022, section 4).</summary>
public enum BlockUpdate
{
    /// <summary>(Proximal) gradient step with 1/L_b, L_b = lambda_max(H_b).</summary>
    Gradient,

    /// <summary>
    /// (Proximal) diagonal step with D_ii = sum_j |H_ij| sqrt(H_ii / H_jj) over the block (H_b the block curvature bound):
    /// a diagonal majoriser of H_b (weighted Gershgorin), D_ii = L_i (1 + sum_(j != i) |rho_ij|) between L_i and |b| L_i, so
    /// nearly uncorrelated coordinates move almost as far as exact coordinate steps whatever their scales.
    /// </summary>
    Diagonal,

    /// <summary>Matrix step with the curvature bound H_b (proximal Newton on the block model with L1): always a descent step.</summary>
    Matrix,

    /// <summary>Newton step with the exact block Hessian and Armijo backtracking (proximal Newton with L1).</summary>
    Newton,

    /// <summary>
    /// Exact block minimisation of a <see cref="QuadraticObjective"/> (lambda = 0): message passing (<see cref="TreeSolver"/>) on
    /// fixed blocks whose graph is a forest, a dense solve otherwise; other objectives fall back to <see cref="Newton"/>.
    /// </summary>
    Exact,

    /// <summary>
    /// Proximal Newton step with the exact block Hessian A_b^T D A_b (+ ridge I) used matrix-free: the block model is
    /// minimised by coordinate descent over a working set with shrinking (conjugate gradients when lambda = 0), then an
    /// Armijo line search on F (newGLMNET, Yuan, Ho and Lin 2012, as a block update). For least squares, ridge, lasso
    /// and logistic objectives; the inner solve is as accurate as the stopping rule needs (exact-model quadratics) or
    /// tightens with the optimality measure (logistic). Other objectives use <see cref="Newton"/>.
    /// </summary>
    NewtonCD,
}

/// <summary>How coordinates are grouped into blocks (Nutini et al. 2022, section 2).</summary>
public enum BlockPartition
{
    /// <summary>Variable blocks: any tau coordinates each iteration.</summary>
    Variable,

    /// <summary>Fixed contiguous index ranges.</summary>
    Order,

    /// <summary>Fixed blocks of coordinates with similar L_i (sorted by L_i, cut into groups).</summary>
    Sort,

    /// <summary>Fixed blocks with similar average L_i (largest and smallest L_i interleaved).</summary>
    Average,

    /// <summary>A fixed random partition.</summary>
    Random,
}
