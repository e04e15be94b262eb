//! Input checks shared by every physics type. Field names follow the TypeScript API so an error
//! reads the same from either backend.
use crate::error::{PhysicsError, PhysicsResult};

/// A square matrix, row-major: entry (i, j) is `data[i * n + j]`.
#[derive(Debug, Clone, PartialEq)]
pub struct SquareMatrix {
    pub n: usize,
    pub data: Vec<f64>,
}

impl SquareMatrix {
    pub fn zeros(n: usize) -> Self {
        Self {
            n,
            data: vec![0.0; n * n],
        }
    }

    pub fn identity(n: usize) -> Self {
        let mut m = Self::zeros(n);
        for i in 0..n {
            m.data[i * n + i] = 1.0;
        }
        m
    }
}

pub fn finite(field: &str, v: f64) -> PhysicsResult<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(PhysicsError::number(field, v, "must be a finite number"))
    }
}

pub fn positive(field: &str, v: f64) -> PhysicsResult<f64> {
    let v = finite(field, v)?;
    if v > 0.0 {
        Ok(v)
    } else {
        Err(PhysicsError::number(field, v, "must be > 0"))
    }
}

pub fn non_negative(field: &str, v: f64) -> PhysicsResult<f64> {
    let v = finite(field, v)?;
    if v < 0.0 {
        Err(PhysicsError::number(field, v, "must be ≥ 0"))
    } else {
        Ok(v)
    }
}

pub fn unit_interval(field: &str, v: f64) -> PhysicsResult<f64> {
    let v = finite(field, v)?;
    if !(0.0..=1.0).contains(&v) {
        Err(PhysicsError::number(field, v, "must be in [0, 1]"))
    } else {
        Ok(v)
    }
}

pub fn at_least(field: &str, v: usize, min: usize) -> PhysicsResult<usize> {
    if v < min {
        Err(PhysicsError::new(
            field,
            v.to_string(),
            format!("must be an integer ≥ {min}"),
        ))
    } else {
        Ok(v)
    }
}

/// Copies a vector after checking its length (when given) and that every entry is finite.
pub fn vector(field: &str, v: &[f64], len: Option<usize>) -> PhysicsResult<Vec<f64>> {
    if let Some(len) = len {
        if v.len() != len {
            return Err(PhysicsError::new(
                format!("{field}.length"),
                v.len().to_string(),
                format!("must be {len}"),
            ));
        }
    }
    for (i, x) in v.iter().enumerate() {
        if !x.is_finite() {
            return Err(PhysicsError::number(
                format!("{field}[{i}]"),
                *x,
                "must be a finite number",
            ));
        }
    }
    Ok(v.to_vec())
}

/// Checks a matrix: n ≥ 1 (and = `expected_n` when given), data of length n², finite entries.
pub fn matrix(
    field: &str,
    m: &SquareMatrix,
    expected_n: Option<usize>,
) -> PhysicsResult<SquareMatrix> {
    at_least(&format!("{field}.n"), m.n, 1)?;
    if let Some(e) = expected_n {
        if m.n != e {
            return Err(PhysicsError::new(
                format!("{field}.n"),
                m.n.to_string(),
                format!("must be {e}"),
            ));
        }
    }
    let data = vector(&format!("{field}.data"), &m.data, Some(m.n * m.n))?;
    Ok(SquareMatrix { n: m.n, data })
}
