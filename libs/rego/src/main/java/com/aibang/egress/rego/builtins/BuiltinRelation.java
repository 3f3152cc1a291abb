package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.Value;

/** A builtin with several results (like walk): each element is one solution for the output operand. */
@FunctionalInterface
public interface BuiltinRelation {
  Iterable<Value> apply(Args args);
}
