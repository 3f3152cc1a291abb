package com.aibang.egress.rego;

/** Outcome of one Rego test rule, like a line of `opa test` output. */
public record TestResult(String name, String file, int line, Status status, String detail, long nanos) {
  /** PASS: defined and true; FAIL: undefined or not true; ERROR: evaluation error (detail has the message). */
  public enum Status { PASS, FAIL, ERROR }
}
