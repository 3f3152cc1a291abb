package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.Value;
import java.util.function.Supplier;

/** Per-evaluation facilities a builtin may use. */
public interface BuiltinContext {
  /** Fixed instant of this evaluation (time.now_ns returns the same value for every call). */
  long nowNanos();

  /** Output of the print builtin. */
  void print(String line);

  /**
   * Per-evaluation memo: the first call for a key computes the value, later calls in the same
   * evaluation return it (OPA returns the same uuid.rfc4122(k) / rand.intn(k, n) within one query).
   * This default does not remember anything; evaluation contexts override it.
   */
  default Value memo(String key, Supplier<Value> compute) {
    return compute.get();
  }
}
