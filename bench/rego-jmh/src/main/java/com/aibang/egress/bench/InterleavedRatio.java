package com.aibang.egress.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Rego over hand-written Java on a busy shared machine: short CPU-time rounds of the two sides
 * alternate (java, rego, java, rego, ...), so load that comes and goes hits both about equally;
 * prints each side's median CPU time per decision and the median of the per-pair ratios.
 * Run: java -cp target/benchmarks.jar com.aibang.egress.bench.InterleavedRatio [pairs [millis-per-round]]
 */
public final class InterleavedRatio {
  private static final int WARMUP_PAIRS = 10;
  private static final int BATCH = 20;

  private InterleavedRatio() {}

  public static void main(String[] args) {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    long roundNanos = (args.length > 1 ? Long.parseLong(args[1]) : 200) * 1_000_000L;
    EgressDecisionBenchmark b = new EgressDecisionBenchmark();
    b.setUp();
    Map<String, Supplier<Object>[]> cases = new LinkedHashMap<>();
    cases.put("edge allowed", sides(b::javaEdgeAllowed, b::regoEdgeAllowed));
    cases.put("edge denied", sides(b::javaEdgeDenied, b::regoEdgeDenied));
    cases.put("egress allowed", sides(b::javaEgressAllowed, b::regoEgressAllowed));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (Map.Entry<String, Supplier<Object>[]> c : cases.entrySet()) {
      double[] java = new double[pairs];
      double[] rego = new double[pairs];
      double[] ratio = new double[pairs];
      for (int i = -WARMUP_PAIRS; i < pairs; i++) {
        double j = round(mx, c.getValue()[0], roundNanos);
        double r = round(mx, c.getValue()[1], roundNanos);
        if (i >= 0) {
          java[i] = j;
          rego[i] = r;
          ratio[i] = r / j;
        }
      }
      System.out.printf("%-15s java %7.0f ns  rego %8.0f ns  ratio %5.1fx (middle half of pairs %.1f-%.1fx)%n",
          c.getKey(), median(java), median(rego), median(ratio), quantile(ratio, 0.25), quantile(ratio, 0.75));
    }
  }

  @SafeVarargs
  private static Supplier<Object>[] sides(Supplier<Object>... s) {
    return s;
  }

  /** CPU nanoseconds per call over one round of about roundNanos of this thread's CPU time. */
  private static double round(ThreadMXBean mx, Supplier<Object> op, long roundNanos) {
    long start = mx.getCurrentThreadCpuTime();
    long n = 0;
    Object sink = null;
    while (mx.getCurrentThreadCpuTime() - start < roundNanos) {
      for (int i = 0; i < BATCH; i++) {
        sink = op.get();
      }
      n += BATCH;
    }
    if (sink == null) {
      throw new IllegalStateException("no decision");
    }
    return (mx.getCurrentThreadCpuTime() - start) / (double) n;
  }

  private static double median(double[] xs) {
    return quantile(xs, 0.5);
  }

  private static double quantile(double[] xs, double q) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[(int) Math.round(q * (s.length - 1))];
  }
}
