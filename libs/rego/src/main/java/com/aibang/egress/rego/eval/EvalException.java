package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.RegoError;
import com.aibang.egress.rego.ast.Location;

/** An evaluation error that stops evaluation (conflicts, recursion, unbound variables). */
public final class EvalException extends RuntimeException {
  public static final String CONFLICT = "eval_conflict_error";
  public static final String INTERNAL = "eval_internal_error";
  public static final String CANCEL = "eval_cancel_error";

  private final RegoError error;

  public EvalException(String code, Location loc, String message) {
    super(message, null, false, false);
    this.error = new RegoError(loc == null ? null : loc.file(), loc == null ? 0 : loc.line(), 0, code, message);
  }

  public RegoError error() { return error; }
}
