package com.aibang.egress.rego;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on one evaluation so a pathological policy cannot stall its caller: a wall-clock time
 * budget and/or a step budget (one step = one body expression attempted). Exceeding either stops
 * the evaluation with an {@code eval_cancel_error}; callers must treat that as "no decision" (fail
 * closed). {@code null} time or {@code 0} steps mean "no bound".
 */
public record EvalLimits(Duration time, long steps) {
  /** No bound at all (the default of a freshly compiled policy). */
  public static final EvalLimits NONE = new EvalLimits(null, 0);

  public EvalLimits {
    if (time != null && (time.isNegative() || time.isZero())) {
      throw new IllegalArgumentException("evaluation time limit must be positive, got " + time);
    }
    if (steps < 0) {
      throw new IllegalArgumentException("evaluation step limit must be >= 0 (0 = none), got " + steps);
    }
  }

  public static EvalLimits ofTime(Duration time) { return new EvalLimits(Objects.requireNonNull(time), 0); }

  public static EvalLimits ofSteps(long steps) { return new EvalLimits(null, steps); }

  public EvalLimits withTime(Duration t) { return new EvalLimits(t, steps); }

  public EvalLimits withSteps(long s) { return new EvalLimits(time, s); }

  public boolean unbounded() { return time == null && steps == 0; }
}
