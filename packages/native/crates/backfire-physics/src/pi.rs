//! Positional PI controller; mirrors `PIController` in TypeScript.
use crate::error::{PhysicsError, PhysicsResult};
use crate::math::clamp;
use crate::validate::{finite, positive};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PiAction {
    /// e = setpoint − measured
    Direct,
    /// e = measured − setpoint
    Reverse,
}

#[derive(Debug, Clone)]
pub struct PiOptions {
    pub setpoint: f64,
    pub kp: f64,
    pub ki: f64,
    pub bias: f64,
    pub action: PiAction,
    pub integral_min: f64,
    pub integral_max: f64,
    /// `None`: unbounded (−f64::MAX).
    pub output_min: Option<f64>,
    pub output_max: Option<f64>,
}

impl Default for PiOptions {
    fn default() -> Self {
        Self {
            setpoint: 0.0,
            kp: 1.0,
            ki: 0.0,
            bias: 0.0,
            action: PiAction::Direct,
            integral_min: -10.0,
            integral_max: 10.0,
            output_min: None,
            output_max: None,
        }
    }
}

/// u = clamp(bias + kp·e + ki·I), I ← clamp(I + e·dt): computed afresh each step, never added to
/// the previous output.
#[derive(Debug, Clone)]
pub struct PiController {
    pub setpoint: f64,
    pub kp: f64,
    pub ki: f64,
    pub bias: f64,
    pub action: PiAction,
    pub integral_min: f64,
    pub integral_max: f64,
    pub output_min: f64,
    pub output_max: f64,
    integral: f64,
    last_error: f64,
}

impl PiController {
    pub fn new(o: PiOptions) -> PhysicsResult<Self> {
        let integral_min = finite("integralMin", o.integral_min)?;
        let integral_max = finite("integralMax", o.integral_max)?;
        if integral_min > integral_max {
            return Err(PhysicsError::number(
                "integralMin",
                integral_min,
                "must be ≤ integralMax",
            ));
        }
        let output_min = match o.output_min {
            Some(v) => finite("outputMin", v)?,
            None => -f64::MAX,
        };
        let output_max = match o.output_max {
            Some(v) => finite("outputMax", v)?,
            None => f64::MAX,
        };
        if output_min > output_max {
            return Err(PhysicsError::number(
                "outputMin",
                output_min,
                "must be ≤ outputMax",
            ));
        }
        Ok(Self {
            setpoint: finite("setpoint", o.setpoint)?,
            kp: finite("kp", o.kp)?,
            ki: finite("ki", o.ki)?,
            bias: finite("bias", o.bias)?,
            action: o.action,
            integral_min,
            integral_max,
            output_min,
            output_max,
            integral: 0.0,
            last_error: 0.0,
        })
    }

    pub fn integral(&self) -> f64 {
        self.integral
    }
    pub fn last_error(&self) -> f64 {
        self.last_error
    }

    pub fn step(&mut self, measured: f64, dt: f64) -> PhysicsResult<f64> {
        let y = finite("measured", measured)?;
        let h = positive("dt", dt)?;
        let e = match self.action {
            PiAction::Direct => self.setpoint - y,
            PiAction::Reverse => y - self.setpoint,
        };
        self.integral = clamp(self.integral + e * h, self.integral_min, self.integral_max);
        self.last_error = e;
        Ok(clamp(
            self.bias + self.kp * e + self.ki * self.integral,
            self.output_min,
            self.output_max,
        ))
    }

    pub fn reset(&mut self) {
        self.integral = 0.0;
        self.last_error = 0.0;
    }
}
