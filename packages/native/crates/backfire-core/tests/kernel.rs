//! Behaviour of the kernel (docs/kernel.md), case by case. The golden vectors pin the rest.

use backfire_core::types::session::Trace;
use backfire_core::types::{Config, ConfigInit, HaltKind, HaltMode, Value};
use backfire_core::{COHERENCE_INTERRUPT, SafetyKernel, StreamingKernel};

fn kernel(init: ConfigInit) -> StreamingKernel {
    StreamingKernel::new(init.build().unwrap())
}

fn default_kernel() -> StreamingKernel {
    StreamingKernel::new(Config::default())
}

#[test]
fn passes_a_faithful_stream_and_summarises_it() {
    let mut m = default_kernel().monitor(Trace::Full);
    for (t, s) in [("The ", 0.9), ("sky ", 0.8), ("is ", 0.85), ("blue.", 0.95)] {
        assert!(!m.push(t, s).unwrap().event.halted);
    }
    let s = m.end();
    assert!(!s.halted);
    assert_eq!(
        (s.halt_index, s.halt_kind, s.halt_reason.as_str()),
        (-1, None, "")
    );
    assert_eq!(s.output(), "The sky is blue.");
    assert_eq!(s.token_count, 4);
    assert!((s.avg_coherence() - 0.875).abs() < 1e-12);
    assert_eq!(s.min_coherence(), 0.8);
    assert_eq!(
        s.events.iter().map(|e| e.index).collect::<Vec<_>>(),
        vec![0, 1, 2, 3]
    );
    assert!(s.duration_ms() >= 0.0);
}

#[test]
fn hard_limit_excludes_the_token_and_latches_the_monitor() {
    let mut m = default_kernel().monitor(Trace::Full);
    m.push("A ", 0.9).unwrap();
    assert!(m.push("bad ", 0.3).unwrap().event.halted);
    let after = m.push("more ", 0.99).unwrap();
    assert!(after.event.halted && !after.recorded);
    let s = m.end();
    assert_eq!(s.halt_kind, Some(HaltKind::HardLimit));
    assert_eq!(s.halt_reason, "hard_limit (0.3000 < 0.5)");
    assert_eq!(s.halt_index, 1);
    assert_eq!(s.output(), "A ");
    assert_eq!(s.tokens, vec!["A ", "bad "]);
    assert!(
        m.push("x", 0.9)
            .unwrap_err()
            .message
            .contains("cannot be pushed after end()")
    );
}

#[test]
fn limits_are_strict() {
    let mut m = default_kernel().monitor(Trace::Full);
    assert!(!m.push("x", 0.5).unwrap().event.halted);
}

#[test]
fn window_halts_only_when_full() {
    let k = kernel(ConfigInit {
        window_size: Some(3.0),
        window_threshold: Some(0.6),
        trend_threshold: Some(0.9),
        ..Default::default()
    });
    let mut m = k.monitor(Trace::Full);
    assert!(!m.push("a", 0.55).unwrap().event.halted);
    assert!(!m.push("b", 0.55).unwrap().event.halted);
    assert!(m.push("c", 0.55).unwrap().event.halted);
    assert_eq!(m.session().halt_reason, "window_avg (0.5500 < 0.6)");
}

#[test]
fn downward_trend_is_a_least_squares_drop() {
    let k = kernel(ConfigInit {
        trend_window: Some(2.0),
        trend_threshold: Some(0.1),
        ..Default::default()
    });
    let mut m = k.monitor(Trace::Full);
    m.push("a", 0.8).unwrap();
    assert!(m.push("b", 0.7).unwrap().event.halted);
    assert_eq!(m.session().halt_kind, Some(HaltKind::DownwardTrend));
    assert_eq!(m.session().halt_reason, "downward_trend (0.1000 > 0.1)");

    // A straight line from 1.0 down by 0.05 a token over 5 tokens drops 0.2 > 0.15.
    let mut m = default_kernel().monitor(Trace::Full);
    for (i, s) in [1.0, 0.95, 0.9, 0.85].into_iter().enumerate() {
        assert!(!m.push("t", s).unwrap().event.halted, "token {i}");
    }
    assert!(m.push("t", 0.8).unwrap().event.halted);
    assert_eq!(m.session().halt_reason, "downward_trend (0.2000 > 0.15)");
}

#[test]
fn warnings_count_below_soft_limit() {
    let k = kernel(ConfigInit {
        trend_threshold: Some(0.9),
        ..Default::default()
    });
    let mut m = k.monitor(Trace::Full);
    for s in [0.65, 0.69, 0.7] {
        m.push("t", s).unwrap();
    }
    assert_eq!(m.session().warning_count, 2);
    assert_eq!(
        m.session()
            .events
            .iter()
            .map(|e| e.warning)
            .collect::<Vec<_>>(),
        vec![true, true, false]
    );
}

fn soft(window: f64, threshold: f64) -> ConfigInit {
    ConfigInit {
        halt_mode: Some(HaltMode::Soft),
        window_size: Some(window),
        window_threshold: Some(threshold),
        trend_threshold: Some(0.9),
        ..Default::default()
    }
}

#[test]
fn soft_mode_finishes_the_sentence() {
    let mut m = kernel(soft(2.0, 0.6)).monitor(Trace::Full);
    m.push("One ", 0.55).unwrap();
    m.push("two ", 0.55).unwrap();
    assert!(!m.halted() && m.halt_pending());
    assert_eq!(m.session().halt_index, 1);
    m.push("three ", 0.9).unwrap();
    assert!(m.push("four. ", 0.9).unwrap().event.halted);
    let s = m.end();
    assert!(s.halted && s.soft_halted);
    assert_eq!((s.halt_index, s.halt_kind), (1, Some(HaltKind::WindowAvg)));
    assert_eq!(s.output(), "One two three four. ");
}

#[test]
fn soft_mode_hard_breach_overrides_and_pending_is_finalised_at_end() {
    let init = ConfigInit {
        hard_limit: Some(0.3),
        ..soft(2.0, 0.6)
    };
    let mut m = kernel(init.clone()).monitor(Trace::Full);
    m.push("a ", 0.5).unwrap();
    m.push("b ", 0.5).unwrap();
    assert!(m.push("c ", 0.05).unwrap().event.halted);
    let s = m.end();
    assert_eq!(
        (
            s.soft_halted,
            s.halt_kind,
            s.halt_index,
            s.output().as_str()
        ),
        (false, Some(HaltKind::HardLimit), 2, "a b ")
    );

    let mut m = kernel(init).monitor(Trace::Full);
    for (t, v) in [("a ", 0.5), ("b ", 0.5), ("c ", 0.9)] {
        m.push(t, v).unwrap();
    }
    let s = m.end();
    assert!(s.halted && s.soft_halted);
    assert_eq!(
        (s.halt_kind, s.halt_index, s.output().as_str()),
        (Some(HaltKind::WindowAvg), 1, "a b c ")
    );
}

#[test]
fn soft_mode_triggering_token_that_ends_a_sentence_finalises_at_once() {
    let mut m = kernel(soft(1.0, 0.6)).monitor(Trace::Full);
    assert!(m.push("Done. ", 0.55).unwrap().event.halted);
    assert!(m.session().soft_halted);
    assert_eq!(m.session().output(), "Done. ");
}

#[test]
fn soft_mode_stops_after_the_cap() {
    let init = ConfigInit {
        soft_halt_cap: Some(3.0),
        ..soft(1.0, 0.6)
    };
    let mut m = kernel(init).monitor(Trace::Full);
    m.push("a ", 0.55).unwrap();
    m.push("b ", 0.9).unwrap();
    m.push("c ", 0.9).unwrap();
    assert!(m.push("d ", 0.9).unwrap().event.halted);
    assert_eq!(m.session().token_count, 4);
}

#[test]
fn score_every_n_carries_the_last_score() {
    let k = kernel(ConfigInit {
        score_every_n: Some(3.0),
        trend_threshold: Some(0.9),
        ..Default::default()
    });
    let mut m = k.monitor(Trace::Full);
    let mut due = vec![];
    for s in [0.9, 0.5, 0.5, 0.87, 0.1, 0.1, 0.84] {
        due.push(m.score_due());
        m.push("t ", s).unwrap();
    }
    assert_eq!(due, vec![true, false, false, true, false, false, true]);
    assert_eq!(
        m.session().coherence_history,
        vec![0.9, 0.9, 0.9, 0.87, 0.87, 0.87, 0.84]
    );
}

#[test]
fn monitors_are_independent_and_emergency_stop_reaches_all() {
    let k = default_kernel();
    let mut a = k.monitor(Trace::Full);
    let mut b = k.monitor(Trace::Full);
    a.push("x ", 0.1).unwrap();
    assert!(a.halted());
    assert!(!b.push("y ", 0.9).unwrap().event.halted);

    let mut c = k.monitor(Trace::Full);
    c.push("x ", 0.9).unwrap();
    k.emergency_stop();
    assert!(!k.is_active());
    let step = c.push("y ", 0.9).unwrap();
    assert!(step.event.halted && !step.recorded);
    assert_eq!(c.session().halt_kind, Some(HaltKind::KernelInactive));
    assert_eq!(c.session().tokens, vec!["x "]);
    assert_eq!(c.session().output(), "x ");
    k.reactivate();
    assert!(!b.push("z ", 0.9).unwrap().event.halted);
    assert!(c.push("w ", 0.9).unwrap().event.halted);
}

#[test]
fn trace_off_keeps_counters_only() {
    let k = kernel(ConfigInit {
        trend_threshold: Some(0.9),
        ..Default::default()
    });
    let mut m = k.monitor(Trace::Off);
    for _ in 0..1000 {
        m.push("t ", 0.8).unwrap();
    }
    let s = m.end();
    assert_eq!(s.token_count, 1000);
    assert!(s.tokens.is_empty() && s.events.is_empty() && s.coherence_history.is_empty());
    assert!((s.avg_coherence() - 0.8).abs() < 1e-12);
}

#[test]
fn non_finite_scores_fail_closed_and_the_reason_names_them() {
    for (bad, name) in [
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
    ] {
        let mut m = default_kernel().monitor(Trace::Full);
        assert!(m.push("x", bad).unwrap().event.halted);
        assert_eq!(
            m.session().halt_reason,
            format!("hard_limit (score {name} \u{2192} 0 < 0.5)")
        );
    }
    // Finite scores the clamp changes are not invalid.
    let mut m = default_kernel().monitor(Trace::Full);
    m.push("x", -0.2).unwrap();
    assert_eq!(m.session().halt_reason, "hard_limit (0.0000 < 0.5)");
}

#[test]
fn non_number_scores_fail_closed_and_the_reason_names_their_type() {
    let mut m = default_kernel().monitor(Trace::Full);
    m.push("a ", 0.9).unwrap();
    let step = m.push_non_number("string", Some("b "), || false).unwrap();
    assert!(step.event.halted && step.recorded);
    assert_eq!(step.event.coherence, 0.0);
    assert_eq!(
        m.session().halt_reason,
        "hard_limit (score string \u{2192} 0 < 0.5)"
    );
    assert_eq!(m.session().output(), "a ");
    // A token that is not due never reads its score, whatever it is.
    let k = kernel(ConfigInit {
        score_every_n: Some(2.0),
        ..Default::default()
    });
    let mut m = k.monitor(Trace::Full);
    m.push("a ", 0.9).unwrap();
    assert!(
        !m.push_non_number("undefined", Some("b "), || false)
            .unwrap()
            .event
            .halted
    );
    assert_eq!(m.session().coherence_history, vec![0.9, 0.9]);
}

#[test]
fn batch_calls_latch_on_hard_limit_only() {
    let k = kernel(ConfigInit {
        trend_window: Some(2.0),
        trend_threshold: Some(0.1),
        ..Default::default()
    });
    let s1 = k
        .stream_scores(&["a", "b"], &[0.9, 0.75], Trace::Full)
        .unwrap();
    assert_eq!(s1.halt_kind, Some(HaltKind::DownwardTrend));
    assert!(k.is_active());
    let s2 = k
        .stream_scores(&["a", "b"], &[0.2, 0.2], Trace::Full)
        .unwrap();
    assert_eq!(s2.halt_kind, Some(HaltKind::HardLimit));
    assert!(!k.is_active());
    let s3 = k
        .stream_scores(&["c", "d"], &[0.9, 0.9], Trace::Full)
        .unwrap();
    assert_eq!(
        (s3.halted, s3.halt_kind, s3.halt_index, s3.token_count),
        (true, Some(HaltKind::KernelInactive), 0, 0)
    );
    assert_eq!(
        k.stream_output(&["c"], &[0.9]).unwrap(),
        "[KERNEL INTERRUPT: kernel_inactive]"
    );
    k.reactivate();
    assert!(!k.stream_scores(&["e"], &[0.9], Trace::Full).unwrap().halted);
    let err = k
        .stream_scores(&["a", "b"], &[0.9], Trace::Full)
        .unwrap_err();
    assert_eq!(
        err.message,
        "scores must hold one score per token (2 tokens), got 1"
    );
}

#[test]
fn safety_kernel_runs_the_seed_example() {
    let k = SafetyKernel::with_limit(0.5).unwrap();
    assert_eq!(
        k.stream_output(&["Hello ", "world ", "!"], &[0.85; 3])
            .unwrap(),
        "Hello world !"
    );
    assert_eq!(
        k.stream_output(&["a", "b"], &[0.9, 0.2]).unwrap(),
        COHERENCE_INTERRUPT
    );
    assert!(!k.is_active());
    assert_eq!(
        k.stream_output(&["ok"], &[0.9]).unwrap(),
        "[KERNEL INTERRUPT: kernel_inactive]"
    );
    k.reactivate();
    assert_eq!(k.stream_output(&["ok"], &[0.9]).unwrap(), "ok");
    let falling = [1.0, 0.9, 0.8, 0.7, 0.6, 0.55, 0.51, 0.51, 0.51, 0.51, 0.51];
    let words = vec!["w "; falling.len()];
    assert_eq!(k.stream_output(&words, &falling).unwrap(), words.concat());
}

#[test]
fn safety_kernel_validates_its_limit() {
    assert_eq!(
        SafetyKernel::with_limit(f64::NAN).unwrap_err().message,
        "hardLimit must be a finite number, got NaN"
    );
    assert_eq!(
        SafetyKernel::with_limit(1.5).unwrap_err().message,
        "hardLimit must be in [0, 1], got 1.5"
    );
    assert_eq!(
        SafetyKernel::new(&Value::string("0.5"))
            .unwrap_err()
            .message,
        "hardLimit must be a finite number, got \"0.5\""
    );
    assert_eq!(
        SafetyKernel::with_limit(0.9)
            .unwrap()
            .kernel()
            .config()
            .soft_limit,
        0.9
    );
}
