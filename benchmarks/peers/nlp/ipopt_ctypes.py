"""Minimal ctypes binding of IPOPT's C interface (IpStdCInterface.h, Debian coinor-libipopt 3.11)."""
import ctypes as C
import os
import re
import tempfile
import time
import numpy as np
import scipy.sparse as sp

_lib = C.CDLL('libipopt.so.1')
D = C.POINTER(C.c_double); I = C.POINTER(C.c_int)
EVAL_F = C.CFUNCTYPE(C.c_int, C.c_int, D, C.c_int, D, C.c_void_p)
EVAL_GRAD = C.CFUNCTYPE(C.c_int, C.c_int, D, C.c_int, D, C.c_void_p)
EVAL_G = C.CFUNCTYPE(C.c_int, C.c_int, D, C.c_int, C.c_int, D, C.c_void_p)
EVAL_JAC = C.CFUNCTYPE(C.c_int, C.c_int, D, C.c_int, C.c_int, C.c_int, I, I, D, C.c_void_p)
EVAL_H = C.CFUNCTYPE(C.c_int, C.c_int, D, C.c_int, C.c_double, C.c_int, D, C.c_int, C.c_int, I, I, D, C.c_void_p)
INTER = C.CFUNCTYPE(C.c_int, C.c_int, C.c_int, C.c_double, C.c_double, C.c_double, C.c_double, C.c_double,
                    C.c_double, C.c_double, C.c_double, C.c_int, C.c_void_p)
_lib.CreateIpoptProblem.restype = C.c_void_p
_lib.CreateIpoptProblem.argtypes = [C.c_int, D, D, C.c_int, D, D, C.c_int, C.c_int, C.c_int, EVAL_F, EVAL_G, EVAL_GRAD, EVAL_JAC, EVAL_H]
_lib.AddIpoptNumOption.argtypes = [C.c_void_p, C.c_char_p, C.c_double]
_lib.AddIpoptIntOption.argtypes = [C.c_void_p, C.c_char_p, C.c_int]
_lib.AddIpoptStrOption.argtypes = [C.c_void_p, C.c_char_p, C.c_char_p]
_lib.SetIntermediateCallback.argtypes = [C.c_void_p, INTER]
_lib.IpoptSolve.argtypes = [C.c_void_p, D, D, D, D, D, D, C.c_void_p]
_lib.IpoptSolve.restype = C.c_int
_lib.FreeIpoptProblem.argtypes = [C.c_void_p]


def _arr(ptr, n):
    return np.ctypeslib.as_array(ptr, shape=(n,))


def solve(p, tol=1e-8, lambda0=None):
    n, m = p.n, p.m
    J0 = p.jac(p.x0)
    Js = sp.coo_matrix(J0) if not sp.issparse(J0) else J0.tocoo()
    if not sp.issparse(J0):
        jr, jc = np.nonzero(np.ones((m, n)))
    else:
        jr, jc = Js.row, Js.col
    jr = jr.astype(np.int32); jc = jc.astype(np.int32)
    if p.sparse:
        H0 = sp.tril(p.hess(p.x0, np.ones(m))).tocoo()
        hr, hc = H0.row.astype(np.int32), H0.col.astype(np.int32)
    else:
        hr, hc = np.tril_indices(n); hr = hr.astype(np.int32); hc = hc.astype(np.int32)
    counts = {'iter': 0}

    def f(nn, x, new, out, ud):
        out[0] = p.f(_arr(x, n)); return 1
    def g(nn, x, new, grad, ud):
        _arr(grad, n)[:] = p.grad(_arr(x, n)); return 1
    def cfun(nn, x, new, mm, out, ud):
        _arr(out, m)[:] = p.c(_arr(x, n)); return 1
    def jac(nn, x, new, mm, nele, irow, jcol, vals, ud):
        if not vals:
            _arr(irow, nele)[:] = jr; _arr(jcol, nele)[:] = jc
        else:
            J = p.jac(_arr(x, n))
            _arr(vals, nele)[:] = np.asarray(J[jr, jc]).ravel() if sp.issparse(J) else J[jr, jc]
        return 1
    def hess(nn, x, new, objf, mm, lam, newl, nele, irow, jcol, vals, ud):
        if not vals:
            _arr(irow, nele)[:] = hr; _arr(jcol, nele)[:] = hc
        else:
            xx = _arr(x, n); ll = _arr(lam, m)
            H = objf * p.hess_f(xx) + p.hess_c(xx, ll)
            _arr(vals, nele)[:] = np.asarray(H[hr, hc]).ravel() if sp.issparse(H) else H[hr, hc]
        return 1
    def inter(alg, it, obj, pr, du, mu, dn, reg, ad, ap, ls, ud):
        counts['iter'] = it; return 1

    cbs = (EVAL_F(f), EVAL_G(cfun), EVAL_GRAD(g), EVAL_JAC(jac), EVAL_H(hess), INTER(inter))
    inf = np.full(n, 1e20); zm = np.zeros(m)
    xl = -inf; xu = inf.copy()
    prob = _lib.CreateIpoptProblem(n, xl.ctypes.data_as(D), xu.ctypes.data_as(D), m, zm.ctypes.data_as(D), zm.ctypes.data_as(D),
                                   len(jr), len(hr), 0, *cbs[:5])
    log = tempfile.NamedTemporaryFile(suffix='.ipopt', delete=False).name
    _lib.AddIpoptNumOption(prob, b'tol', tol)
    _lib.AddIpoptIntOption(prob, b'print_level', 0)
    _lib.AddIpoptStrOption(prob, b'output_file', log.encode())
    _lib.AddIpoptIntOption(prob, b'file_print_level', 3)
    _lib.AddIpoptIntOption(prob, b'max_iter', 3000)
    _lib.SetIntermediateCallback(prob, cbs[5])
    x = p.x0.copy(); obj = np.zeros(1); lam = np.zeros(m); zl = np.zeros(n); zu = np.zeros(n); gv = np.zeros(m)
    t0 = time.process_time()
    status = _lib.IpoptSolve(prob, x.ctypes.data_as(D), gv.ctypes.data_as(D), obj.ctypes.data_as(D), lam.ctypes.data_as(D),
                             zl.ctypes.data_as(D), zu.ctypes.data_as(D), None)
    total = time.process_time() - t0
    _lib.FreeIpoptProblem(prob)
    text = open(log).read(); os.unlink(log)
    def grab(pattern):
        mt = re.search(pattern, text)
        return float(mt.group(1)) if mt else float('nan')
    return {'x': x, 'f': float(obj[0]), 'status': status, 'iterations': counts['iter'], 'process_seconds': total,
            'ipopt_cpu': grab(r'Total CPU secs in IPOPT \(w/o function evaluations\)\s*=\s*([0-9.eE+-]+)'),
            'eval_cpu': grab(r'Total CPU secs in NLP function evaluations\s*=\s*([0-9.eE+-]+)')}
