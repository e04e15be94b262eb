#!/usr/bin/env python3
"""Computes the RNG-free golden vectors of testdata/physics/ from the mathematics.

Deliberately written independently of the TypeScript and Rust code: direct O(n^2) sin/cos sums
where the libraries use the O(n) identity, a classical (largest-pivot) Jacobi where they use a
cyclic one, plain Python floats and the math module. Run: python3 testdata/physics/generate_golden.py
It rewrites params.json, upde.json, sec.json, l16.json, tcbo.json, pgbo.json, ssgf.json and rng.json.
"""
import json
import math
import os

TAU = 2 * math.pi
HERE = os.path.dirname(os.path.abspath(__file__))
OMEGA = [1.329, 251.327, 0.628, 31.416, 6.283, 49.199, 3.142, 0.105, 1.571, 0.942, 0.209, 0.042,
         0.013, 0.006, 0.003, 0.991]


def knm():
    n = 16
    k = [[0.0 if i == j else 0.45 * math.exp(-0.3 * abs(i - j)) for j in range(n)] for i in range(n)]
    for i, j, v in [(0, 1, 0.302), (1, 2, 0.201), (2, 3, 0.252), (3, 4, 0.154), (0, 15, 0.05), (4, 6, 0.15)]:
        k[i][j] = v
        k[j][i] = v
    return k


def flat(m):
    return [x for row in m for x in row]


def wrap(x):
    r = math.fmod(x, TAU)
    if r < 0:
        r += TAU
    return 0.0 if r >= TAU else r


def wrap_pi(x):
    return wrap(x + math.pi) - math.pi


def order_parameter(th):
    if not th:
        return 0.0
    s = sum(math.sin(t) for t in th) / len(th)
    c = sum(math.cos(t) for t in th) / len(th)
    return min(1.0, math.sqrt(s * s + c * c))


def upde_run(theta, omega, k, dt, f, steps):
    n = len(theta)
    th = list(theta)
    drift = [0.0] * n
    for _ in range(steps):
        drift = [omega[i] + sum(k[i][j] * math.sin(th[j] - th[i]) for j in range(n)) + f * math.cos(th[i])
                 for i in range(n)]
        th = [wrap(th[i] + drift[i] * dt) for i in range(n)]
    return th, drift


def write(name, data):
    with open(os.path.join(HERE, name), 'w') as fh:
        json.dump(data, fh, indent=1)
        fh.write('\n')


# ---------------------------------------------------------------- params
K = knm()
write('params.json', {
    'omega': OMEGA,
    'knm': flat(K),
    'knm_sum': sum(flat(K)),
    'knm_spots': [[0, 1, 0.302], [0, 15, 0.05], [1, 2, 0.201], [2, 3, 0.252], [3, 4, 0.154], [4, 6, 0.15],
                  [4, 5, 0.45 * math.exp(-0.3)], [0, 2, 0.45 * math.exp(-0.6)]],
    'order_parameter': [
        {'theta': [0.5] * 16, 'r': order_parameter([0.5] * 16)},
        {'theta': [TAU * i / 16 for i in range(16)], 'r': order_parameter([TAU * i / 16 for i in range(16)])},
        {'theta': [0.3 * i for i in range(7)], 'r': order_parameter([0.3 * i for i in range(7)])},
        {'theta': [], 'r': 0.0},
    ],
    'wrap': [{'x': x, 'wrap_phase': wrap(x), 'wrap_pi': wrap_pi(x)}
             for x in [0.0, 1.0, -1.0, 7.0, -7.0, TAU, -TAU, 100.5, -1e-20, math.pi, -math.pi, 3 * math.pi]],
    'softplus': [{'x': x, 'y': max(x, 0) + math.log1p(math.exp(-abs(x)))} for x in [0, -5, 5, 20, -20, 100, -100, 0.5]],
    'sincos': [{'x': x, 'sin': math.sin(x), 'cos': math.cos(x)}
               for x in [0.0, 1e-300, 1e-9, 0.5, math.pi / 4, math.pi / 2, 2.0, math.pi, 4.0, 3 * math.pi / 2, 5.5,
                         TAU - 1e-12, TAU, 7.0, -0.3, -3.0, 40.123, 63.9, -63.9, 100.0, 1e6]],
    'sigmoid': [{'x': x, 'y': 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))}
                for x in [0, 25, -25, 1, -1, 800, -800]],
})

# ---------------------------------------------------------------- UPDE (sigma = 0: no RNG draws)
upde_cases = []
for name, theta, f, steps in [('zero_one_step', [0.0] * 16, 0.1, 1), ('zero_no_field', [0.0] * 16, 0.0, 1),
                              ('ramp_ten_steps', [0.3 * i for i in range(16)], 0.1, 10)]:
    th, drift = upde_run(theta, OMEGA, K, 0.01, f, steps)
    upde_cases.append({'name': name, 'dt': 0.01, 'field_pressure': f, 'noise_amplitude': 0.0, 'theta0': theta,
                       'steps': steps, 'theta': th, 'dtheta_dt': drift, 't': 0.01 * steps,
                       'r_global': order_parameter(th)})
small_k = [[0.0, 0.5, -0.2], [0.1, 0.0, 0.7], [0.3, 0.3, 0.0]]
th, drift = upde_run([0.1, 2.0, 4.0], [1.0, 2.0, 3.0], small_k, 0.05, 0.2, 5)
upde_cases.append({'name': 'custom_n3', 'dt': 0.05, 'field_pressure': 0.2, 'noise_amplitude': 0.0,
                   'omega': [1.0, 2.0, 3.0], 'knm': flat(small_k), 'theta0': [0.1, 2.0, 4.0], 'steps': 5,
                   'theta': th, 'dtheta_dt': drift, 't': 0.25, 'r_global': order_parameter(th)})
write('upde.json', {'cases': upde_cases})

# ---------------------------------------------------------------- SEC


def sec_terms(theta, prev=None, dt=0.01, lam_w=0.1, lam_s=0.01, kappa=2.0, k=K, omega=OMEGA):
    n = len(theta)
    vc = sum(k[i][j] * (1 - math.cos(theta[i] - theta[j])) for i in range(n) for j in range(n))
    vf = 0.0 if prev is None else lam_w * sum((wrap_pi(theta[i] - prev[i]) / dt - omega[i]) ** 2 for i in range(n))
    m = max(n, 16)
    d = [sum(math.exp(kappa * math.cos(TAU * q / m - t)) for t in theta) for q in range(m)]
    tot = sum(d)
    h = -sum((x / tot) * math.log(x / tot) for x in d if x / tot > 1e-12)
    ve = lam_s * max(0.0, math.log(m) - h)
    v = vc + vf + ve
    vmax = max(2 * sum(flat(k)), 1e-12)
    vn = min(1.0, max(0.0, v / vmax))
    return {'v': v, 'v_normalised': vn, 'phase_score': 1 - vn, 'r_global': order_parameter(theta),
            'v_coupling': vc, 'v_frequency': vf, 'v_entropy': ve}


splay = [TAU * i / 16 for i in range(16)]
prev5 = [5.0] * 16
cur5 = [wrap(5.0 + OMEGA[i] * 0.01) for i in range(16)]
mean_w = sum(OMEGA) / 16
sigma_w = math.sqrt(sum((w - mean_w) ** 2 for w in OMEGA) / 16)
zero_v = sec_terms([0.0] * 16)['v']
splay_after = sec_terms(splay, [0.0] * 16, 0.01)
write('sec.json', {
    'v_max': 2 * sum(flat(K)),
    'critical_coupling': math.sqrt(8 / math.pi) * sigma_w,
    'cases': [
        {'name': 'aligned', 'theta': [1.0] * 16, 'expected': sec_terms([1.0] * 16)},
        {'name': 'splay', 'theta': splay, 'expected': sec_terms(splay)},
        {'name': 'ramp', 'theta': [0.4 * i for i in range(16)], 'expected': sec_terms([0.4 * i for i in range(16)])},
        {'name': 'wrapped_step', 'theta': cur5, 'theta_prev': prev5, 'dt': 0.01,
         'expected': sec_terms(cur5, prev5, 0.01)},
        {'name': 'ramp_prev', 'theta': [0.4 * i for i in range(16)], 'theta_prev': [0.39 * i for i in range(16)],
         'dt': 0.02, 'expected': sec_terms([0.4 * i for i in range(16)], [0.39 * i for i in range(16)], 0.02)},
    ],
    'dv_dt_pair': {'first': [0.0] * 16, 'second': splay, 'dt': 0.01,
                   'dv_dt': (splay_after['v'] - zero_v) / 0.01, 'second_v': splay_after['v']},
})

# ---------------------------------------------------------------- L16


class PI:
    def __init__(self, sp, kp, ki, reverse, lo, hi):
        self.sp, self.kp, self.ki, self.reverse, self.lo, self.hi, self.i = sp, kp, ki, reverse, lo, hi, 0.0

    def step(self, y, dt):
        e = (y - self.sp) if self.reverse else (self.sp - y)
        self.i = min(10.0, max(-10.0, self.i + e * dt))
        return min(self.hi, max(self.lo, self.kp * e + self.ki * self.i))


def l16_sequence(inputs, w=5, plv_window=10, plv_thr=0.6, eig=None):
    pis = [PI(0, 0.3, 0.03, True, 0.01, 10) for _ in range(3)] + [PI(0.5, 0.5, 0.05, False, 0.01, 10)]
    hist, plvs, count, out = [], [], 0, []
    for x in inputs:
        deficit = max(0.0, 0.72 - x['tcboP'])
        if eig is not None:
            v, phi, n = eig
            a = sum(min(sum((v[r][c] - phi[r][c]) ** 2 for r in range(n)), sum((v[r][c] + phi[r][c]) ** 2 for r in range(n)))
                    for c in range(n))
            h = a + (1 - x['rGlobal']) + deficit + 0.01 * x['hFrob']
        else:
            h = (1 - x['rGlobal']) + deficit
        hist.append(h)
        hist = hist[-100:]
        plvs.append(x['plv'])
        plvs = plvs[-plv_window:]
        avg = sum(plvs) / len(plvs)
        refusal = len(hist) >= w + 1 and all(hist[i] > hist[i - 1] for i in range(len(hist) - w, len(hist)))
        count += refusal
        m = min(len(hist), w)
        if m < 2:
            slope = 0.0
        else:
            ys = hist[-m:]
            xm = (m - 1) / 2
            ym = sum(ys) / m
            slope = sum((i - xm) * (ys[i] - ym) for i in range(m)) / sum((i - xm) ** 2 for i in range(m))
        dh = slope / x['dt']
        out.append({'lambda7': pis[0].step(x['c7'], x['dt']), 'lambda8': pis[1].step(x['c8'], x['dt']),
                    'lambda10': pis[2].step(x['c10'], x['dt']), 'nuStar': pis[3].step(x['rGlobal'], x['dt']),
                    'gateOpen': avg > plv_thr, 'avgPlv': avg, 'refusal': refusal, 'refusalCount': count, 'hRec': h,
                    'dhRecDt': dh, 'hRecNonIncreasing': dh <= 0, 'lrZScale': 0.5 if refusal else 1.0})
    return out


def step_in(r, plv=0.5, c7=0.0, c8=0.0, c10=0.0, p=0.72, hf=0.0, dt=0.01):
    return {'rGlobal': r, 'plv': plv, 'c7': c7, 'c8': c8, 'c10': c10, 'tcboP': p, 'hFrob': hf, 'dt': dt}


falling = [step_in(round(1 - 0.1 * i, 10)) for i in range(8)]
edge = [step_in(r) for r in [0.5, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5]]
mixed = [step_in(0.7, 0.65, 0.1, 0.2, 0.15, 0.8, 0.5), step_in(0.2, 0.9, 2.0, 0.0, 1.0, 0.1, 0.0, 0.05),
         step_in(0.9, 0.3, 0.5, 3.0, 0.0, 0.95, 1.0, 0.02)]
gate = [step_in(0.5, 0.8) for _ in range(10)] + [step_in(0.5, 0.3) for _ in range(10)]
eye4 = [[1.0 if i == j else 0.0 for j in range(4)] for i in range(4)]
rot4 = [[0.6, -0.8, 0, 0], [0.8, 0.6, 0, 0], [0, 0, -1.0, 0], [0, 0, 0, 1.0]]
full = [step_in(0.6, 0.7, 0.1, 0.1, 0.1, 0.5, 2.0)]
write('l16.json', {
    'pi': {'setpoint': 1, 'kp': 0.5, 'ki': 0.05, 'measured': 0, 'dt': 0.01, 'output': 0.5005},
    'sequences': [
        {'name': 'falling_r', 'inputs': falling, 'outputs': l16_sequence(falling)},
        {'name': 'w_minus_one_rises', 'inputs': edge, 'outputs': l16_sequence(edge)},
        {'name': 'mixed', 'inputs': mixed, 'outputs': l16_sequence(mixed)},
        {'name': 'plv_gate', 'inputs': gate, 'outputs': l16_sequence(gate)},
        {'name': 'full_path', 'n': 4, 'eigvecs': flat(rot4), 'phiTarget': flat(eye4), 'inputs': full,
         'outputs': l16_sequence(full, eig=(rot4, eye4, 4))},
    ],
})

# ---------------------------------------------------------------- TCBO


def spread_index(points):
    cnt, dim = len(points), len(points[0])
    cen = [sum(p[d] for p in points) / cnt for d in range(dim)]
    dist = [math.sqrt(sum((p[d] - cen[d]) ** 2 for d in range(dim))) for p in points]
    mu = sum(dist) / cnt
    sd = math.sqrt(sum((x - mu) ** 2 for x in dist) / cnt)
    return 0.7 * sd if sd > 1e-12 else 0.0


def logistic(s, s0, beta):
    return 1 / (1 + math.exp(max(-500, min(500, -beta * (s - s0)))))


def observe(samples, m=3, tau=1, window=50, embedding='circle', floor=0.05, beta=8.0, s0=0.0):
    buf = samples[-((m - 1) * tau + window):]
    n = len(buf[0])
    pts = []
    for r in range(window):
        t = len(buf) - window + r
        row = []
        for c in range(n):
            parts = [lambda x: x] if embedding == 'angle' else [math.cos, math.sin]
            for fn in parts:
                for lag in range(m):
                    row.append(fn(buf[t - lag * tau][c]))
        pts.append(row)
    s = spread_index(pts)
    s = s if s > floor else 0.0
    return {'spreadIndex': s, 'probability': logistic(s, s0, beta)}


waves = [[math.sin(0.1 * i + 0.5 * j) for j in range(16)] for i in range(60)]
rot = [[wrap(0.37 * i + 0.2 * j * j) for j in range(4)] for i in range(70)]
ctrl_seq = [(0.3, 0.01), (0.3, 0.01), (0.9, 0.01), (0.72, 0.5), (0.0, 1.0)]


def controller(seq, thr=0.72, kp=0.8, ki=0.2, base=1.0, lim=5.0, lo=0.0, hi=5.0):
    i, out = 0.0, []
    for p, dt in seq:
        e = thr - p
        i = min(lim, max(-lim, i + e * dt))
        out.append(min(hi, max(lo, base + kp * e + ki * i)))
    return out


write('tcbo.json', {
    'logistic': [{'s': s, 's0': s0, 'beta': b, 'p': logistic(s, s0, b)} for s, s0, b in
                 [(0, 0, 8), (1, 0, 8), (-1, 0, 8), (0.3, 0.1, 4), (1000, 0, 8)]],
    's0_for_threshold': {'s': 0.5, 'p': 0.72, 'beta': 8, 's0': 0.5 - math.log(0.72 / 0.28) / 8},
    'delay_embed': {'x': list(range(10)), 'm': 3, 'tau': 1, 'rows': 8,
                    'data': [float(v) for r in range(8) for v in (r + 2, r + 1, r)]},
    'observer': [
        {'name': 'waves_angle', 'n': 16, 'embedding': 'angle', 'samples': waves, **observe(waves, embedding='angle')},
        {'name': 'waves_circle', 'n': 16, 'embedding': 'circle', 'samples': waves, **observe(waves)},
        {'name': 'rotating_circle_m2_tau3', 'n': 4, 'embedding': 'circle', 'embedDim': 2, 'tauDelay': 3,
         'windowSize': 40, 'samples': rot, **observe(rot, m=2, tau=3, window=40)},
    ],
    'controller': {'inputs': [list(x) for x in ctrl_seq], 'kappa': controller(ctrl_seq)},
})

# ---------------------------------------------------------------- PGBO


def bridge(raw, a, alpha=0.5, kappa=0.3, ucap=10.0, traceless=False):
    u = [raw[i] - alpha * a[i] for i in range(len(raw))]
    norm = math.sqrt(sum(x * x for x in u))
    if norm > 1e-12:
        u = [x / (1 + norm / ucap) for x in u]
    n = len(u)
    h = [[kappa * u[i] * u[j] for j in range(n)] for i in range(n)]
    tr = sum(h[i][i] for i in range(n))
    if traceless:
        for i in range(n):
            h[i][i] -= tr / n
        tr = 0.0
    return {'u': u, 'h': flat(h), 'uNorm': math.sqrt(sum(x * x for x in u)), 'hTrace': tr,
            'hFrob': math.sqrt(sum(x * x for x in flat(h)))}


def pgbo_pair(t1, t2, dt, a=None, **kw):
    a = a or [0.0] * len(t1)
    raw = [wrap_pi(t2[i] - t1[i]) / dt for i in range(len(t1))]
    return bridge(raw, a, **kw)


t1 = [0.1, 0.2, 0.3, 0.4]
write('pgbo.json', {
    'pairs': [
        {'name': 'uniform_step', 'theta1': t1, 'theta2': [x + 0.1 for x in t1], 'dt': 0.01,
         **pgbo_pair(t1, [x + 0.1 for x in t1], 0.01)},
        {'name': 'traceless', 'theta1': t1, 'theta2': [0.5, 0.1, 0.7, 0.2], 'dt': 0.01, 'traceless': True,
         **pgbo_pair(t1, [0.5, 0.1, 0.7, 0.2], 0.01, traceless=True)},
        {'name': 'wrap', 'theta1': [6.2] * 4, 'theta2': [0.05] * 4, 'dt': 0.01,
         **pgbo_pair([6.2] * 4, [0.05] * 4, 0.01)},
        {'name': 'boundary', 'theta1': t1, 'theta2': [0.3, 0.1, 0.2, 0.6], 'dt': 0.1, 'a': [1.0, -2.0, 0.5, 0.0],
         **pgbo_pair(t1, [0.3, 0.1, 0.2, 0.6], 0.1, a=[1.0, -2.0, 0.5, 0.0])},
    ],
    'first_with_potential': {'a': [1.0, 2.0, 3.0, 4.0], **bridge([0.0] * 4, [1.0, 2.0, 3.0, 4.0])},
    'standalone': {'dphi': [1.0, 0.5, -0.3, 0.2], 'a': [0.1, 0.0, 0.2, 0.0], 'alpha': 0.5, 'kappa': 0.3, 'uCap': 10.0,
                   **bridge([1.0, 0.5, -0.3, 0.2], [0.1, 0.0, 0.2, 0.0])},
})

# ---------------------------------------------------------------- SSGF: spectral + costs + gradient


def softplus(x):
    return max(x, 0) + math.log1p(math.exp(-abs(x)))


def gram(z, n):
    w = [[0.0] * n for _ in range(n)]
    k = 0
    for i in range(n):
        for j in range(i + 1, n):
            w[i][j] = w[j][i] = softplus(z[k])
            k += 1
    return w


def laplacian(w):
    n = len(w)
    d = [sum(r) for r in w]
    inv = [1 / math.sqrt(x) if x > 1e-12 else 0.0 for x in d]
    return [[(1.0 if i == j and inv[i] > 0 else 0.0) - inv[i] * w[i][j] * inv[j] for j in range(n)] for i in range(n)]


def classical_jacobi(a):
    """Largest-pivot Jacobi with explicit angles; returns (values ascending, vectors as columns)."""
    n = len(a)
    a = [row[:] for row in a]
    v = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
    for _ in range(100 * n * n):
        p, q, big = 0, 1, 0.0
        for i in range(n):
            for j in range(i + 1, n):
                if abs(a[i][j]) > big:
                    p, q, big = i, j, abs(a[i][j])
        if big < 1e-15:
            break
        phi = 0.5 * math.atan2(2 * a[p][q], a[q][q] - a[p][p])
        c, s = math.cos(phi), math.sin(phi)
        # G^T A G with G the rotation in the (p, q) plane that zeroes a[p][q]
        for k in range(n):
            akp, akq = a[k][p], a[k][q]
            a[k][p], a[k][q] = c * akp - s * akq, s * akp + c * akq
        for k in range(n):
            apk, aqk = a[p][k], a[q][k]
            a[p][k], a[q][k] = c * apk - s * aqk, s * apk + c * aqk
        for k in range(n):
            vkp, vkq = v[k][p], v[k][q]
            v[k][p], v[k][q] = c * vkp - s * vkq, s * vkp + c * vkq
    order = sorted(range(n), key=lambda i: a[i][i])
    return [a[i][i] for i in order], [[v[r][i] for i in order] for r in range(n)]


def spectrum(w):
    vals, vecs = classical_jacobi(laplacian(w))
    return [min(2.0, max(0.0, x)) for x in vals], vecs


z_bench = [0.5 * math.sin(0.07 * i) for i in range(120)]
w_bench = gram(z_bench, 16)
vals_b, vecs_b = spectrum(w_bench)
theta_c = [math.pi * math.sin(0.4 * i) for i in range(16)]


def costs(theta, w, vals, vecs, phi, mask, wts, p, h=None, c8i=7, c9i=8):
    n = len(w)
    c_micro = 1 - order_parameter(theta)
    v1 = [vecs[r][1] for r in range(n)]
    t1_ = [phi[r][1] for r in range(n)]
    c7 = min(sum((a - b) ** 2 for a, b in zip(v1, t1_)), sum((a + b) ** 2 for a, b in zip(v1, t1_)))
    psi = math.atan2(sum(math.sin(t) for t in theta) / n, sum(math.cos(t) for t in theta) / n)
    c8 = math.sin(theta[c8i] - psi) ** 2 / max(vals[1], 1e-12)
    c9 = (sum(w[c9i]) / n - 1) ** 2
    pairs = [(i, j) for i in range(n) for j in range(n) if mask and mask[i] != mask[j]]
    c10 = sum(w[i][j] ** 2 for i, j in pairs) / len(pairs) if pairs else 0.0
    rg = 0.01 * sum(x * x for x in flat(w)) + 0.1 / (vals[1] + 1e-8)
    c4 = max(0.0, 0.72 - p) ** 2
    cp = 0.01 * sum(x * x for x in h) if h else 0.0
    terms = {'cMicro': c_micro, 'c7': c7, 'c8': c8, 'c9': c9, 'c10': c10, 'rGraph': rg, 'c4': c4, 'cPgbo': cp}
    keys = ['micro', 'c7', 'c8', 'c9', 'c10', 'reg', 'c4', 'pgbo']
    terms['uTotal'] = sum(wts[k] * terms[t] for k, t in zip(keys, ['cMicro', 'c7', 'c8', 'c9', 'c10', 'rGraph', 'c4', 'cPgbo']))
    return terms


W_DEFAULT = {'micro': 1.0, 'c7': 0.5, 'c8': 0.3, 'c9': 0.2, 'c10': 0.4, 'reg': 0.1, 'c4': 0.3, 'pgbo': 0.05}
zero16 = [[0.0] * 16 for _ in range(16)]
bench_costs = costs(theta_c, w_bench, vals_b, vecs_b, zero16, None, W_DEFAULT, 0.5)

# C9 + C10 + Frobenius gradient, derived by hand for the gram decoder: z_k feeds W_ij and W_ji.
mask6 = [True, True, True, False, False, False]


def analytic_grad(z, n, wts, mask, c9i):
    w = gram(z, n)
    m = sum(w[c9i]) / n
    cross = sum(1 for i in range(n) for j in range(n) if mask and mask[i] != mask[j])
    out, k = [], 0
    for i in range(n):
        for j in range(i + 1, n):
            sig = 1 / (1 + math.exp(-z[k]))
            dw = 0.0
            if c9i in (i, j):
                dw += wts['c9'] * 2 * (m - 1) / n  # one entry of row c9i holds this z
            if mask and mask[i] != mask[j]:
                dw += 2 * wts['c10'] * 2 * w[i][j] / cross  # W_ij and W_ji both cross
            dw += 2 * wts['reg'] * 0.02 * w[i][j]
            out.append(dw * sig)
            k += 1
    return out


only_c9 = {k: 0.0 for k in W_DEFAULT}
only_c9['c9'] = 0.2
mix6 = {k: 0.0 for k in W_DEFAULT}
mix6.update({'c9': 0.2, 'c10': 0.4, 'reg': 0.1})
z6 = [0.3 * math.cos(0.9 * i) for i in range(15)]
K4 = [[0.0 if i == j else 1.0 for j in range(4)] for i in range(4)]
P3 = [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
write('ssgf.json', {
    'spectra': [
        {'name': 'K4', 'w': flat(K4), 'n': 4, 'values': spectrum(K4)[0]},
        {'name': 'P3', 'w': [float(x) for x in flat(P3)], 'n': 3, 'values': spectrum(P3)[0]},
        {'name': 'zero', 'w': [0.0] * 16, 'n': 4, 'values': [0.0] * 4},
        {'name': 'isolated', 'w': [0, 1, 0, 1, 0, 0, 0, 0, 0.0], 'n': 3, 'values': spectrum([[0, 1, 0], [1, 0, 0], [0, 0, 0]])[0]},
        {'name': 'bench_gram16', 'w': flat(w_bench), 'n': 16, 'values': vals_b},
    ],
    'bench': {'z': z_bench, 'n': 16, 'w01': w_bench[0][1], 'w02': w_bench[0][2],
              'fiedler_value': vals_b[1], 'fiedler_ratio': vals_b[1] / vals_b[2], 'fiedler_gap': vals_b[2] - vals_b[1],
              'lambda_max': vals_b[-1], 'theta': theta_c, 'tcbo_p': 0.5, 'costs': bench_costs},
    'c10_half_mask': {'n': 4, 'mask': [True, True, False, False], 'w_all_ones': True, 'c10': 1.0},
    'gradients': [
        {'name': 'c9_only_n16', 'n': 16, 'z': z_bench, 'weights': only_c9, 'mask': None,
         'grad': analytic_grad(z_bench, 16, only_c9, None, 8)},
        {'name': 'mixed_n6', 'n': 6, 'z': z6, 'weights': mix6, 'mask': mask6, 'c9Index': 4, 'c8Index': 2,
         'plvPair': [1, 3], 'grad': analytic_grad(z6, 6, mix6, mask6, 4)},
    ],
    'rbf': {'z': [0.1 * i for i in range(12)], 'n': 4, 'd': 3, 'sigma': 0.8,
            'w': flat([[0.0 if i == j else math.exp(-sum((0.1 * (3 * i + c) - 0.1 * (3 * j + c)) ** 2 for c in range(3)) / (2 * 0.64))
                        for j in range(4)] for i in range(4)])},
})

# ---------------------------------------------------------------- RNG (SplitMix64 -> xoshiro256++)
M64 = (1 << 64) - 1


def splitmix(state):
    state = (state + 0x9E3779B97F4A7C15) & M64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class Xoshiro:
    def __init__(self, seed):
        st, self.s = seed, []
        for _ in range(4):
            st, out = splitmix(st)
            self.s.append(out)
        self.spare = None

    def u64(self):
        s = self.s
        res = (rotl((s[0] + s[3]) & M64, 23) + s[0]) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return res

    def uniform(self):
        return (self.u64() >> 11) * 2.0 ** -53

    def gauss(self):
        """Marsaglia's polar method; the second output is kept for the next call."""
        if self.spare is not None:
            x, self.spare = self.spare, None
            return x
        while True:
            u = 2 * self.uniform() - 1
            v = 2 * self.uniform() - 1
            s = u * u + v * v
            if 0 < s < 1:
                f = math.sqrt(-2 * math.log(s) / s)
                self.spare = v * f
                return u * f


rng_cases = []
for seed in [0, 1, 42, 0xFFFFFFFFFFFFFFFF, 0x123456789ABCDEF0]:
    a, b, c = Xoshiro(seed), Xoshiro(seed), Xoshiro(seed)
    rng_cases.append({'seed': str(seed), 'u64': [format(a.u64(), '016x') for _ in range(8)],
                      'uniform': [b.uniform() for _ in range(8)], 'gaussian': [c.gauss() for _ in range(9)]})
_, sm0 = splitmix(0)
write('rng.json', {'splitmix64_seed0_first': format(sm0, '016x'), 'cases': rng_cases})
print('ok', bench_costs['uTotal'], vals_b[1], sm0 == 0xE220A8397B1DCDAF)
