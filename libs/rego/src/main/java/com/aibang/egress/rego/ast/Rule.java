package com.aibang.egress.rego.ast;

import java.util.List;

/**
 * A rule. ref is the full head reference starting at data (data.pkg.name...). args is non-null for
 * functions; key is non-null for multi-value (contains) rules; value null means true.
 * elseRule chains `else` branches (they share the head ref and args).
 */
public record Rule(Kind kind, Term.Ref ref, List<Term> args, Term key, Term value, boolean isDefault,
    Body body, Rule elseRule, Location loc) {

  /** Rule kinds. */
  public enum Kind { SINGLE, MULTI, FUNCTION }

  public Rule withBodyAndTerms(List<Term> newArgs, Term newKey, Term newValue, Body newBody, Rule newElse) {
    return new Rule(kind, ref, newArgs, newKey, newValue, isDefault, newBody, newElse, loc);
  }
}
