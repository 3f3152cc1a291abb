package com.aibang.egress.rego;

/**
 * Options of one query evaluation: strict builtin errors (first builtin failure becomes the query
 * error), evaluation limits ({@code null} = the policy's default limits, see
 * {@link RegoPolicy#withDefaultLimits(EvalLimits)}) and an optional listener ({@code null} = none).
 */
public record EvalOptions(boolean strictBuiltinErrors, EvalLimits limits, EvalListener listener) {
  public static final EvalOptions DEFAULT = new EvalOptions(false);

  public EvalOptions(boolean strictBuiltinErrors) { this(strictBuiltinErrors, null, null); }

  public EvalOptions(boolean strictBuiltinErrors, EvalLimits limits) { this(strictBuiltinErrors, limits, null); }

  public EvalOptions withLimits(EvalLimits l) { return new EvalOptions(strictBuiltinErrors, l, listener); }

  public EvalOptions withListener(EvalListener l) { return new EvalOptions(strictBuiltinErrors, limits, l); }

  public EvalOptions withStrictBuiltinErrors(boolean strict) { return new EvalOptions(strict, limits, listener); }
}
