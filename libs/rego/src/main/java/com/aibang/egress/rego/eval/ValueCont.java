package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.value.Value;

/** Receives each value a term evaluates to; returns false to stop the search. */
@FunctionalInterface
interface ValueCont {
  boolean accept(Value v);
}
