"""Runs IPOPT (ctypes, Debian 3.11), SciPy SLSQP and trust-constr, and `solvers nlp` on the same problems and
writes RESULTS-nlp.md. Success = KKT residual (least-squares multipliers) <= 1e-6 and, where published,
|f - f*| <= 1e-6 max(1, |f*|)."""
import json
import os
import subprocess
import sys
import time
import warnings
import numpy as np
import scipy
import scipy.optimize as so
import scipy.sparse as sp
import problems as P
import ipopt_ctypes

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '../../..'))
CORE = os.environ.get('BENCH_CORE', '1')
NOTES_MARKER = '<!-- notes: kept by run_peers.py across reruns -->'
CLI = os.environ.get('SOLVERS_CLI', os.path.join(ROOT, 'src/Solvers.Cli/bin/Release/net10.0/solvers'))
warnings.filterwarnings('ignore')


def ok(p, x, f):
    k = P.kkt(p, x)[0]
    good = k <= 1e-6 and (p.fstar is None or abs(f - p.fstar) <= 1e-6 * max(1, abs(p.fstar)))
    return good, k


def run_scipy(p, method):
    cons = {'type': 'eq', 'fun': p.c, 'jac': (lambda x: p.jac(x).toarray()) if p.sparse else p.jac}
    t0 = time.process_time()
    if method == 'SLSQP':
        r = so.minimize(p.f, p.x0, jac=p.grad, method='SLSQP', constraints=[cons], options={'maxiter': 3000, 'ftol': 1e-12})
        its = r.nit
    else:
        nlc = so.NonlinearConstraint(p.c, 0, 0, jac=p.jac, hess=lambda x, v: p.hess_c(x, v))
        r = so.minimize(p.f, p.x0, jac=p.grad, hess=p.hess_f, method='trust-constr', constraints=[nlc],
                        options={'maxiter': 5000, 'gtol': 1e-9, 'xtol': 1e-14})
        its = r.nit
    sec = time.process_time() - t0
    good, k = ok(p, r.x, float(p.f(r.x)))
    return {'ok': good, 'kkt': k, 'f': float(p.f(r.x)), 'iterations': int(its), 'cpu': sec}


def run_ipopt(p, repeat=3):
    # Fastest of `repeat` solves by IPOPT's own CPU report, as ours is the fastest of --repeat 3 (same iterates each time).
    r = min((ipopt_ctypes.solve(p, tol=1e-8) for _ in range(repeat)), key=lambda t: t['ipopt_cpu'])
    good, k = ok(p, r['x'], r['f'])
    return {'ok': good, 'kkt': k, 'f': r['f'], 'iterations': r['iterations'], 'cpu': r['ipopt_cpu'], 'cpu_eval': r['eval_cpu'],
            'process': r['process_seconds']}


def run_ours(args):
    out = subprocess.run(['taskset', '-c', CORE, CLI, 'nlp', *args, '--json'], capture_output=True, text=True, timeout=900)
    if out.returncode == 1:
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout)


VARIANTS = [('adaptive (paper test)', []), ('fixed 1e-12', ['--fixed-accuracy', '1e-12']), ('fixed 1e-10', ['--fixed-accuracy', '1e-10']),
            ('fixed 1e-8', ['--fixed-accuracy', '1e-8']), ('fixed 1e-6', ['--fixed-accuracy', '1e-6']), ('fixed 1e-2', ['--fixed-accuracy', '1e-2']),
            ('adaptive, block Kaczmarz q = 8', ['--sketch-size', '8'])]
WORK = {}  # (set, variant) -> totals


def add_work(group, label, r, ok=None):
    t = WORK.setdefault((group, label), {'n': 0, 'ok': 0, 'outer': 0, 'steps': 0, 'flops': 0.0, 'fb': 0, 'pm': 0, 'lo': float('inf'), 'hi': 0.0})
    if r['profile'].get('minInnerRelativeTolerance') is not None:
        t['lo'] = min(t['lo'], r['profile']['minInnerRelativeTolerance'])
        t['hi'] = max(t['hi'], r['profile']['maxInnerRelativeTolerance'])
    t['n'] += 1
    t['ok'] += bool(r['converged'] if ok is None else ok)
    t['outer'] += r['outerIterations']
    t['steps'] += r['profile']['sketchRows']
    t['flops'] += r['innerFlops']
    t['fb'] += r['exactFallbacks']
    t['pm'] += r['profile']['predictedMisses']


def run_variants(group, args, fstar=None):
    out = {}
    for label, extra in VARIANTS:
        r = run_ours(args + extra)
        ok = r['converged'] and (fstar is None or abs(r['f'] - fstar) <= 1e-6 * max(1, abs(fstar)))
        add_work(group, label, r, ok)
        out[label] = r
    return out


def eclr_case(data, k):
    """ECLR on tests/data/DATA.svm with k seeded constraints: the peer-side problem and our CLI arguments. The constraints
    are written to eclr_DATA_kK.csv next to this script, so both sides solve the same problem."""
    path = os.path.join(ROOT, 'tests/data/%s.svm' % data)
    X, _ = P.read_libsvm(path)
    A, b = P.eclr_constraints(k, X.shape[1], 2023)
    csv = os.path.join(HERE, 'eclr_%s_k%d.csv' % (data, k))
    np.savetxt(csv, np.hstack([A, b[:, None]]), delimiter=',', fmt='%.17g')
    return P.eclr(path, A, b, 'eclr_%s_k%d' % (data, k)), ['--problem', 'eclr', '--data', path, '--constraints', csv]


def no_callbacks(r):
    """Our seconds less the time in the problem's callbacks (f, grad, c, G, Hessian), as IPOPT's CPU column excludes them."""
    return r['seconds'] - r['profile']['evaluationSeconds'] - r['profile']['hessianSeconds']


def fmt(v, f='%.3g'):
    return '-' if v is None else (f % v)


def main():
    only = sys.argv[1:]
    rows = []
    uptime0 = subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()
    started = time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())
    commit = subprocess.run(['git', '-C', ROOT, 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()
    lines = ['# Equality-constrained NLP: AdaSketch-Newton (solvers nlp) vs IPOPT and SciPy', '',
             'Generated by `bash benchmarks/peers/nlp/run.sh` (`run_peers.py`), started %s at commit %s; `uptime` at the start: `%s`, at the end: `UPTIME_END`. Machine: %s, %d cores visible, shared; everything pinned to one core (`taskset -c %s`, one BLAS/OpenMP thread).' % (started, commit, uptime0, os.uname().machine, os.cpu_count(), CORE),
             'IPOPT %s via ctypes on the Debian library (tol 1e-8, exact Hessians; CPU = IPOPT\'s own "Total CPU secs in IPOPT (w/o function evaluations)", 1 ms resolution, fastest of 3 solves). SciPy %s (SLSQP ftol 1e-12; trust-constr gtol 1e-9, exact Hessians); SciPy CPU = process time of minimize.' % ('3.11 (coinor-libipopt1v5)', scipy.__version__),
             'Ours: `solvers nlp --tol 1e-6`; seconds = wall time of the fastest of up to 3 solves in one process (`--repeat 3`; the first pays JIT compilation), no process start-up. Success = least-squares-multiplier KKT residual <= 1e-6 and, for HS, |f - f*| <= 1e-6 max(1, |f*|) against Hock & Schittkowski (1981).', '']

    for title, names in [('Hock-Schittkowski (22 equality-constrained problems)', P.HS_NAMES), ('Boggs-Tolle (CUTEst versions, from the AdaSketch table)', P.BT_NAMES)]:
     hs_names = [n for n in names if not only or n in only]
     if not hs_names:
         continue
     lines += ['## ' + title, '',
               '| problem | f* | AdaSketch-RK (adaptive): ok / outer / inner steps / inner flops / exact fallbacks / s | fixed eta 1e-10: inner steps / flops | fixed eta 1e-2: outer / inner steps / flops | pure RK, no fallback, paper stop 1e-4: status / outer | exact-Newton: ok / outer / s | IPOPT: ok / iter / CPU s | SLSQP: ok / iter | trust-constr: ok / iter |',
               '|---|---|---|---|---|---|---|---|---|---|']
     tot = {'rk_ok': 0, 'rk_outer': 0, 'rk_inner': 0, 'rk_flops': 0.0, 'fx_inner': 0, 'fx_flops': 0.0, 'ex_ok': 0, 'ex_outer': 0,
            'ip_ok': 0, 'ip_iter': 0, 'sl_ok': 0, 'tc_ok': 0, 'rk_s': 0.0, 'ip_cpu': 0.0, 'fb': 0,
            'f2_outer': 0, 'f2_inner': 0, 'f2_flops': 0.0, 'pure_ok': 0, 'pure_outer': 0}
     for name in hs_names:
         p = P.hs(name)
         rk = run_ours(['--problem', name, '--repeat', '3'])
         var = run_variants('HS' if name.startswith('hs') else 'BT', ['--problem', name], p.fstar)
         fx = var['fixed 1e-10']
         f2 = var['fixed 1e-2']
         pure = run_ours(['--problem', name, '--no-fallback', '--tol', '1e-4', '--max-iter', '200'])
         ex = run_ours(['--problem', name, '--solver', 'exact-newton', '--repeat', '3'])
         ip = run_ipopt(p); sl = run_scipy(p, 'SLSQP'); tc = run_scipy(p, 'trust-constr')
         rk_ok = rk['converged'] and abs(rk['f'] - p.fstar) <= 1e-6 * max(1, abs(p.fstar))
         ex_ok = ex['converged'] and abs(ex['f'] - p.fstar) <= 1e-6 * max(1, abs(p.fstar))
         tot['rk_ok'] += rk_ok; tot['rk_outer'] += rk['outerIterations']; tot['rk_inner'] += rk['innerIterations']; tot['rk_flops'] += rk['innerFlops']
         tot['f2_outer'] += f2['outerIterations']; tot['f2_inner'] += f2['innerIterations']; tot['f2_flops'] += f2['innerFlops']
         tot['pure_ok'] += pure['converged']; tot['pure_outer'] += pure['outerIterations']
         tot['fx_inner'] += fx['innerIterations']; tot['fx_flops'] += fx['innerFlops']; tot['fb'] += rk['exactFallbacks']
         tot['ex_ok'] += ex_ok; tot['ex_outer'] += ex['outerIterations']; tot['ip_ok'] += ip['ok']; tot['ip_iter'] += ip['iterations']
         tot['sl_ok'] += sl['ok']; tot['tc_ok'] += tc['ok']; tot['rk_s'] += rk['seconds']; tot['ip_cpu'] += ip['cpu']
         yn = lambda b: 'yes' if b else '**no**'
         lines.append('| %s | %.10g | %s / %d / %d / %.2e / %d / %.3f | %d / %.2e | %d / %d / %.2e | %s / %d | %s / %d / %.3f | %s / %d / %.3f | %s / %d | %s / %d |' % (
             name, p.fstar, yn(rk_ok), rk['outerIterations'], rk['innerIterations'], rk['innerFlops'], rk['exactFallbacks'], rk['seconds'],
             fx['innerIterations'], fx['innerFlops'], f2['outerIterations'], f2['innerIterations'], f2['innerFlops'],
             pure['status'], pure['outerIterations'], yn(ex_ok), ex['outerIterations'], ex['seconds'],
             yn(ip['ok']), ip['iterations'], ip['cpu'], yn(sl['ok']), sl['iterations'], yn(tc['ok']), tc['iterations']))
         print(lines[-1], flush=True)
     lines.append('| **total** | | **%d/%d** / **%d** / %d / %.2e / %d / %.2f | %d / %.2e | %d / %d / %.2e | %d/%d / %d | %d/%d / %d | **%d/%d** / **%d** / %.3f | %d/%d | %d/%d |' % (
         tot['rk_ok'], len(hs_names), tot['rk_outer'], tot['rk_inner'], tot['rk_flops'], tot['fb'], tot['rk_s'], tot['fx_inner'], tot['fx_flops'],
         tot['f2_outer'], tot['f2_inner'], tot['f2_flops'], tot['pure_ok'], len(hs_names), tot['pure_outer'],
         tot['ex_ok'], len(hs_names), tot['ex_outer'], tot['ip_ok'], len(hs_names), tot['ip_iter'], tot['ip_cpu'],
         tot['sl_ok'], len(hs_names), tot['tc_ok'], len(hs_names)))
     lines.append('')

    # --- ECLR ---
    if not only or 'eclr' in only:
        lines += ['## Equality-constrained logistic regression (A w = b, ||w||^2 = 1; w0 = 1, lambda0 = 1)', '',
                  'Constraints: A ~ N(0,1) (k x d), b = A w_f with w_f a random unit vector (numpy seed 2023), written to CSV and passed to `--constraints`, so every solver sees the same problem.', '',
                  'Ours: s = wall seconds of the whole solve (fastest of 3), CPU s = process CPU seconds of that solve (what IPOPT reports; on a shared core wall time also counts waiting); "w/o cb" subtracts the time spent in the problem callbacks (f, grad f, c, G, Hessian) as IPOPT\'s CPU column does (IPOPT\'s evaluation CPU, through Python callbacks, in brackets). Fallbacks: exact KKT solves after the sketch missed (or was predicted to miss) the accuracy test.', '',
                  '| problem | n / m | AdaSketch-RK: status / outer / sketch rows / inner flops / fallbacks / s / CPU s / s w/o cb | AdaSketch-RK, exact polish below 1e-4: outer / polished / sketch rows / CPU s / s w/o cb | AdaSketch, exact inner solve: outer / s / CPU s / s w/o cb | IPOPT: ok / iter / CPU s (+eval s) | SLSQP: ok / iter / CPU s | trust-constr: ok / iter / CPU s | f (ours) | f (IPOPT) |',
                  '|---|---|---|---|---|---|---|---|---|---|']
        for data in ['heart', 'bc']:
            for k in [5, 10]:
                p, args = eclr_case(data, k)
                rk = run_ours(args + ['--repeat', '3'])
                run_variants('ECLR', args)
                po = run_ours(args + ['--polish-below', '1e-4', '--repeat', '3'])
                ex = run_ours(args + ['--solver', 'exact-newton', '--repeat', '3'])
                ip = run_ipopt(p); sl = run_scipy(p, 'SLSQP'); tc = run_scipy(p, 'trust-constr')
                lines.append('| %s | %d / %d | %s / %d / %d / %.2e / %d / %.4f / %.4f / %.4f | %d / %d / %d / %.4f / %.4f | %d / %.4f / %.4f / %.4f | %s / %d / %.3f (+%.3f) | %s / %d / %.3f | %s / %d / %.3f | %.10g | %.10g |' % (
                    p.name, p.n, p.m, rk['status'], rk['outerIterations'], rk['profile']['sketchRows'], rk['innerFlops'], rk['exactFallbacks'], rk['seconds'], rk['cpuSeconds'], no_callbacks(rk),
                    po['outerIterations'], po['polishedIterations'], po['profile']['sketchRows'], po['cpuSeconds'], no_callbacks(po),
                    ex['outerIterations'], ex['seconds'], ex['cpuSeconds'], no_callbacks(ex), ip['ok'], ip['iterations'], ip['cpu'], ip['cpu_eval'], sl['ok'], sl['iterations'], sl['cpu'],
                    tc['ok'], tc['iterations'], tc['cpu'], rk['f'], ip['f']))
                print(lines[-1], flush=True)
        lines.append('')

    # --- PDE2D ---
    if not only or 'pde2d' in only:
        lines += ['## PDE2D semilinear control (kappa = 1, sparse Jacobian)', '',
                  '| problem | n / m | AdaSketch-RK: status / outer / sketch rows / inner flops / fallbacks / s / CPU s / s w/o cb | AdaSketch, exact inner solve (sparse Cholesky of the Schur complement): status / outer / s / CPU s / s w/o cb | IPOPT: ok / iter / CPU s (+ eval s) | trust-constr: ok / iter / CPU s | f (ours) | f (IPOPT) |',
                  '|---|---|---|---|---|---|---|---|']
        for N in [16, 32, 64]:
            p = P.pde2d(N)
            args = ['--problem', 'pde2d', '--n', str(N)]
            rk = run_ours(args + ['--repeat', '3'])
            run_variants('PDE2D', args)
            ex = run_ours(args + ['--solver', 'exact-newton', '--repeat', '3'])
            ip = run_ipopt(p)
            tc = run_scipy(p, 'trust-constr') if N <= 16 else None
            lines.append('| %s | %d / %d | %s / %d / %d / %.2e / %d / %.4f / %.4f / %.4f | %s / %d / %.4f / %.4f / %.4f | %s / %d / %.3f (+%.3f) | %s | %.10g | %.10g |' % (
                p.name, p.n, p.m, rk['status'], rk['outerIterations'], rk['profile']['sketchRows'], rk['innerFlops'], rk['exactFallbacks'], rk['seconds'], rk['cpuSeconds'], no_callbacks(rk),
                ex['status'], ex['outerIterations'], ex['seconds'], ex['cpuSeconds'], no_callbacks(ex), ip['ok'], ip['iterations'], ip['cpu'], ip['cpu_eval'],
                ('%s / %d / %.2f' % (tc['ok'], tc['iterations'], tc['cpu'])) if tc else 'not run (dense)', rk['f'], ip['f']))
            print(lines[-1], flush=True)
        lines.append('')

    # --- inner work: adaptive vs fixed inner accuracy ---
    lines += ['## Inner work: adaptive accuracy test vs fixed inner tolerances (AdaSketch-RK, same seeds)', '',
              'Adaptive = the paper\'s test ||K dz + grad L|| <= theta delta ||grad L|| / (||K||_F Psi) (brief section 5). Fixed eta = ||K dz + grad L|| <= eta ||grad L|| at every outer iteration. Sketch rows = rows of K projected on (one per Kaczmarz step; q per block step); inner flops include the periodic residual checks and the exact fallback solves. All with `--tol 1e-6`, 1e5 sketch steps per outer iteration, exact fallback with miss prediction. Solved = converged (and, for HS/BT, f within 1e-6 of the published optimum).', '',
              '| set | variant | solved | outer iterations | sketch rows | inner flops | fallbacks (predicted) | relative inner tolerance asked, min .. max |',
              '|---|---|---|---|---|---|---|---|']
    for group in ['HS', 'BT', 'ECLR', 'PDE2D']:
        for label, _ in VARIANTS:
            t = WORK.get((group, label))
            if t is None:
                continue
            lines.append('| %s | %s | %d/%d | %d | %d | %.3e | %d (%d) | %.1e .. %.1e |' % (group, label, t['ok'], t['n'], t['outer'], t['steps'], t['flops'], t['fb'], t['pm'], t['lo'], t['hi']))
    lines.append('')
    uptime1 = subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()
    lines[2] = lines[2].replace('UPTIME_END', uptime1)
    # Dated notes written by hand below the notes marker survive a rerun.
    path = os.path.join(HERE, 'RESULTS-nlp.md')
    old = open(path).read() if os.path.exists(path) else ''
    notes = old[old.index(NOTES_MARKER):] if NOTES_MARKER in old else NOTES_MARKER + '\n'
    open(path, 'w').write('\n'.join(lines) + '\n' + notes)


if __name__ == '__main__':
    main()
