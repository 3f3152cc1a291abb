package com.aibang.egress.rego;

/** Options of one query evaluation: strict builtin errors (first builtin failure becomes the query error). */
public record EvalOptions(boolean strictBuiltinErrors) {
  public static final EvalOptions DEFAULT = new EvalOptions(false);
}
