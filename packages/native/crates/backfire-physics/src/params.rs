use crate::validate::SquareMatrix;

/// The reference's 16 natural frequencies Ω (rad/s); kept as defaults so numbers stay comparable.
/// They have no empirical basis.
// 3.142 and 6.283 are the table's values, not π and 2π.
#[allow(clippy::approx_constant)]
pub const DEFAULT_OMEGA: [f64; 16] = [
    1.329, 251.327, 0.628, 31.416, 6.283, 49.199, 3.142, 0.105, 1.571, 0.942, 0.209, 0.042, 0.013,
    0.006, 0.003, 0.991,
];

pub fn default_omega() -> Vec<f64> {
    DEFAULT_OMEGA.to_vec()
}

/// The reference's 16×16 coupling: 0.45·e^(−0.3|n−m|), fixed values on six pairs, symmetric,
/// zero diagonal.
pub fn default_knm() -> SquareMatrix {
    let n = 16;
    let mut k = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            if i != j {
                k[i * n + j] = 0.45 * (-0.3 * (i as f64 - j as f64).abs()).exp();
            }
        }
    }
    for (i, j, v) in [
        (0, 1, 0.302),
        (1, 2, 0.201),
        (2, 3, 0.252),
        (3, 4, 0.154),
        (0, 15, 0.05),
        (4, 6, 0.15),
    ] {
        k[i * n + j] = v;
        k[j * n + i] = v;
    }
    for i in 0..n {
        k[i * n + i] = 0.0;
        for j in (i + 1)..n {
            let v = 0.5 * (k[i * n + j] + k[j * n + i]);
            k[i * n + j] = v;
            k[j * n + i] = v;
        }
    }
    SquareMatrix { n, data: k }
}
