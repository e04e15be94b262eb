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

/// The allowed key a misspelt option key was probably meant as — core's `closestKey`, unit for
/// unit: one equal to it ignoring case, else the nearest by optimal-string-alignment distance
/// (ignoring case, counted in UTF-16 units as JavaScript counts them) within a third of the key's
/// length (at least one edit); keys shorter than three units only get the case match. Ties go to
/// the earlier allowed key.
pub fn closest_key(key: &str, allowed: &[&str]) -> Option<String> {
    let lower: Vec<u16> = key.to_lowercase().encode_utf16().collect();
    for candidate in allowed {
        let c: Vec<u16> = candidate.to_lowercase().encode_utf16().collect();
        if c == lower {
            return Some((*candidate).to_string());
        }
    }
    let len = key.encode_utf16().count();
    if len < 3 {
        return None;
    }
    let limit = (len / 3).max(1);
    let mut best: Option<&str> = None;
    let mut best_distance = limit + 1;
    for candidate in allowed {
        let c: Vec<u16> = candidate.to_lowercase().encode_utf16().collect();
        let d = edit_distance(&lower, &c, best_distance);
        if d < best_distance {
            best = Some(candidate);
            best_distance = d;
        }
    }
    best.map(str::to_string)
}

/// Optimal string alignment distance; any value ≥ `cap` means "at least cap".
fn edit_distance(a: &[u16], b: &[u16], cap: usize) -> usize {
    if a.len().abs_diff(b.len()) >= cap {
        return cap;
    }
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = Vec::with_capacity(b.len() + 1);
        row.push(i);
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row.push(d);
            row_min = row_min.min(d);
        }
        if row_min >= cap {
            return cap;
        }
        before = prev;
        prev = row;
    }
    prev[b.len()]
}

#[cfg(test)]
mod closest_key_tests {
    use super::closest_key;

    #[test]
    fn suggests_like_core() {
        assert_eq!(closest_key("dtt", &["dt", "seed"]).as_deref(), Some("dt"));
        assert_eq!(closest_key("c11", &["c7", "c10"]).as_deref(), Some("c10"));
        assert_eq!(
            closest_key("SEED", &["dt", "seed"]).as_deref(),
            Some("seed")
        );
        assert_eq!(closest_key("zz", &["dt", "seed"]), None);
        assert_eq!(closest_key("temperature", &["dt", "seed"]), None);
    }
}
