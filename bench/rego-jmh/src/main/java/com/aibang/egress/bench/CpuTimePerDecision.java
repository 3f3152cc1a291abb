package com.aibang.egress.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Supplement to the JMH run for a shared, overloaded machine: the same benchmark methods, measured
 * in CPU time of the calling thread per decision (not wall-clock), so time spent waiting for a
 * core does not count. Warm-up rounds first, then the mean of the measured rounds.
 * Run: java -cp target/benchmarks.jar com.aibang.egress.bench.CpuTimePerDecision [seconds-per-round [name-regex]]
 */
public final class CpuTimePerDecision {
  private static final int WARMUP_ROUNDS = 3;
  private static final int MEASURED_ROUNDS = 5;
  private static final int BATCH = 50;

  private CpuTimePerDecision() {}

  public static void main(String[] args) {
    long roundNanos = (args.length > 0 ? Long.parseLong(args[0]) : 2) * 1_000_000_000L;
    EgressDecisionBenchmark b = new EgressDecisionBenchmark();
    b.setUp();
    Map<String, Supplier<Object>> cases = new LinkedHashMap<>();
    cases.put("javaEdgeAllowed", b::javaEdgeAllowed);
    cases.put("regoEdgeAllowed", b::regoEdgeAllowed);
    cases.put("javaEdgeDenied", b::javaEdgeDenied);
    cases.put("regoEdgeDenied", b::regoEdgeDenied);
    cases.put("javaEgressAllowed", b::javaEgressAllowed);
    cases.put("regoEgressAllowed", b::regoEgressAllowed);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Object sink = null;
    java.util.regex.Pattern only = java.util.regex.Pattern.compile(args.length > 1 ? args[1] : ".*");
    for (Map.Entry<String, Supplier<Object>> c : cases.entrySet()) {
      if (!only.matcher(c.getKey()).matches()) {
        continue;
      }
      double sum = 0;
      for (int round = 0; round < WARMUP_ROUNDS + MEASURED_ROUNDS; round++) {
        long start = mx.getCurrentThreadCpuTime();
        long n = 0;
        while (mx.getCurrentThreadCpuTime() - start < roundNanos) {
          for (int i = 0; i < BATCH; i++) {
            sink = c.getValue().get();
          }
          n += BATCH;
        }
        if (round >= WARMUP_ROUNDS) {
          sum += (mx.getCurrentThreadCpuTime() - start) / (double) n;
        }
      }
      System.out.printf("%-32s %12.0f cpu-ns/op%n", c.getKey(), sum / MEASURED_ROUNDS);
    }
    if (sink == null) {
      System.out.println("(no result)");
    }
  }
}
