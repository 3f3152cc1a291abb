package com.aibang.egress.rego;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown for parse/compile errors (all of them, in errors()) and evaluation errors (one). */
public class RegoException extends RuntimeException {
  private final List<RegoError> errors;

  public RegoException(List<RegoError> errors) {
    super(errors.stream().map(RegoError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public RegoException(RegoError error) { this(List.of(error)); }

  public List<RegoError> errors() { return errors; }

  /** The code of the first error, e.g. eval_conflict_error. */
  public String code() { return errors.isEmpty() ? "" : errors.get(0).code(); }
}
