package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.EvalLimits;

/**
 * Enforces one evaluation's limits: counts steps and, every few steps, checks the deadline and the
 * thread's interrupt flag. Exceeding a limit throws an eval_cancel_error.
 */
final class EvalBudget {
  /** Clock and interrupt checks happen every CHECK_EVERY steps (power of two) to stay cheap. */
  private static final int CHECK_EVERY = 256;

  private final long maxSteps;
  private final long deadline;
  private final boolean timed;
  private final EvalLimits limits;
  private long steps;

  EvalBudget(EvalLimits limits) {
    this.limits = limits == null ? EvalLimits.NONE : limits;
    this.maxSteps = this.limits.steps() == 0 ? Long.MAX_VALUE : this.limits.steps();
    this.timed = this.limits.time() != null;
    this.deadline = timed ? System.nanoTime() + this.limits.time().toNanos() : 0;
  }

  void step() {
    if (++steps > maxSteps) {
      throw new EvalException(EvalException.CANCEL, null,
          "evaluation exceeded its step limit of " + maxSteps + " (cancelled)");
    }
    if ((steps & (CHECK_EVERY - 1)) == 0) {
      if (Thread.currentThread().isInterrupted()) {
        throw new EvalException(EvalException.CANCEL, null, "caught interrupt: evaluation cancelled");
      }
      if (timed && System.nanoTime() - deadline > 0) {
        throw new EvalException(EvalException.CANCEL, null,
            "evaluation exceeded its time limit of " + limits.time().toMillis() + " ms (cancelled)");
      }
    }
  }

  long steps() { return steps; }
}
