package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.builtins.BuiltinContext;
import com.aibang.egress.rego.value.Value;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Builtin context of one evaluation: clock fixed at creation, print output to stderr, a per-evaluation memo. */
public final class SystemBuiltinContext implements BuiltinContext {
  private final long now;
  private final Map<String, Value> memo = new HashMap<>();

  public SystemBuiltinContext() {
    Instant i = Instant.now();
    this.now = i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  @Override public long nowNanos() { return now; }

  @Override public void print(String line) { System.err.println(line); }

  @Override public Value memo(String key, Supplier<Value> compute) {
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
