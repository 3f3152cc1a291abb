package com.aibang.egress.rego.eval;

/** Continuation of a search: returns false to stop the search, true to look for more solutions. */
@FunctionalInterface
interface Cont {
  boolean run();
}
