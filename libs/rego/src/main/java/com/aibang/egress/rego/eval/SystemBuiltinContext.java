package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.builtins.BuiltinContext;
import java.time.Instant;

/** Builtin context of one evaluation: clock fixed at creation, print output to stderr. */
public final class SystemBuiltinContext implements BuiltinContext {
  private final long now;

  public SystemBuiltinContext() {
    Instant i = Instant.now();
    this.now = i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  @Override public long nowNanos() { return now; }

  @Override public void print(String line) { System.err.println(line); }
}
