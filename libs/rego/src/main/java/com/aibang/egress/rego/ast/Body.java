package com.aibang.egress.rego.ast;

import java.util.List;

/** A query: a conjunction of expressions. */
public record Body(List<Expr> exprs, Location loc) {
  public Body {
    exprs = List.copyOf(exprs); // see Term: compact immutable lists only
  }
}
