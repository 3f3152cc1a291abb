package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.builtins.BuiltinContext;
import com.aibang.egress.rego.value.Value;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builtin context of one evaluation (one thread): the clock read once, when the evaluation first
 * asks for the time, and the same for the rest of it; print output to stderr; a per-evaluation memo.
 */
public final class SystemBuiltinContext implements BuiltinContext {
  private long now;
  private boolean clockRead; // most evaluations never ask for the time: no clock read for them
  private Map<String, Value> memo; // created on first use: most evaluations never memoise

  @Override public long nowNanos() {
    if (!clockRead) {
      Instant i = Instant.now();
      now = i.getEpochSecond() * 1_000_000_000L + i.getNano();
      clockRead = true;
    }
    return now;
  }

  @Override public void print(String line) { System.err.println(line); }

  @Override public Value memo(String key, Supplier<Value> compute) {
    if (memo == null) {
      memo = new HashMap<>();
    }
    Value v = memo.get(key);
    if (v == null) {
      // not computeIfAbsent: compute may itself consult the memo
      v = compute.get();
      if (v != null) {
        memo.put(key, v);
      }
    }
    return v;
  }
}
