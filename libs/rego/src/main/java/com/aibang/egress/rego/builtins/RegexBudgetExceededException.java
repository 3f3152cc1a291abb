package com.aibang.egress.rego.builtins;

/** A regular expression needed more backtracking steps than its budget allows (RE2 would run in linear time). */
final class RegexBudgetExceededException extends RuntimeException {
  RegexBudgetExceededException() {
    super("regular expression too complex for this input (backtracking budget exceeded)", null, false, false);
  }
}
