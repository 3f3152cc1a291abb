package com.aibang.egress.rego.ast;

/** A source position (1-based line and column). */
public record Location(String file, int line, int col) {
  public static final Location NONE = new Location(null, 0, 0);
}
