package com.aibang.egress.rego;

import com.aibang.egress.rego.ast.Location;

/**
 * Observes an evaluation (coverage, tracing): called on the evaluating thread, synchronously.
 * Locations are those of the original source (file, line, column).
 */
public interface EvalListener {
  /** An expression (body literal) is about to be attempted; also inside comprehensions, every, functions. */
  void expr(Location loc);

  /** A rule, else branch, function clause or default rule produced its value; loc is that branch's head. */
  default void ruleValue(Location ruleLoc) {}
}
