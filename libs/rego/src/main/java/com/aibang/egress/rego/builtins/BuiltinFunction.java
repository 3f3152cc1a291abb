package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.Value;

/** Implementation of one builtin: returns the result, or null for "undefined"; throws BuiltinException on failure. */
@FunctionalInterface
public interface BuiltinFunction {
  Value apply(Args args);
}
