package com.aibang.egress.rego.builtins;

/** Per-evaluation facilities a builtin may use. */
public interface BuiltinContext {
  /** Fixed instant of this evaluation (time.now_ns returns the same value for every call). */
  long nowNanos();

  /** Output of the print builtin. */
  void print(String line);
}
