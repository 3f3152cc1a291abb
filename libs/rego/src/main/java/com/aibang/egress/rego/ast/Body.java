package com.aibang.egress.rego.ast;

import java.util.List;

/** A query: a conjunction of expressions. resolution holds the evaluator's plan (not part of the meaning). */
public record Body(List<Expr> exprs, Location loc, Resolution resolution) {
  public Body {
    exprs = List.copyOf(exprs); // see Term: compact immutable lists only
  }

  public Body(List<Expr> exprs, Location loc) {
    this(exprs, loc, new Resolution());
  }
}
