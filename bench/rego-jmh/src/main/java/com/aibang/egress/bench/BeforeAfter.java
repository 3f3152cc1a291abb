package com.aibang.egress.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Before/after comparison of two interpreters in ONE process on a busy shared machine: the
 * benchmark is loaded twice, once with an older rego jar (and its policy file) in front of this
 * jar's classes, once with this jar alone; short CPU-time rounds of hand-written Java, "before" and
 * "after" alternate, so load that comes and goes hits all three alike. Prints medians (and the
 * middle half of the per-round ratios) of each side's CPU time per decision.
 * Run: java -cp target/benchmarks.jar com.aibang.egress.bench.BeforeAfter OLD-REGO.jar OLD-egress.rego [rounds [millis]]
 */
public final class BeforeAfter {
  private static final String[] CASES = {"EdgeAllowed", "EdgeDenied", "EgressAllowed"};
  private static final int WARMUP_ROUNDS = 8;
  private static final int BATCH = 20;

  private BeforeAfter() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: BeforeAfter OLD-REGO.jar OLD-egress.rego [rounds [millis-per-round]]");
    }
    URL self = BeforeAfter.class.getProtectionDomain().getCodeSource().getLocation();
    ClassLoader parent = ClassLoader.getPlatformClassLoader();
    ClassLoader beforeLoader = new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL(), self}, parent);
    ClassLoader afterLoader = new URLClassLoader(new URL[] {self}, parent);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    long roundNanos = (args.length > 3 ? Long.parseLong(args[3]) : 100) * 1_000_000L;
    String previous = System.getProperty(PolicySources.POLICY_PROPERTY);
    System.setProperty(PolicySources.POLICY_PROPERTY, args[1]);
    Object before = benchmark(beforeLoader);
    if (previous == null) {
      System.clearProperty(PolicySources.POLICY_PROPERTY);
    } else {
      System.setProperty(PolicySources.POLICY_PROPERTY, previous);
    }
    Object after = benchmark(afterLoader);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (String c : CASES) {
      Method java = after.getClass().getMethod("java" + c);
      Method regoBefore = before.getClass().getMethod("rego" + c);
      Method regoAfter = after.getClass().getMethod("rego" + c);
      double[] j = new double[rounds];
      double[] b = new double[rounds];
      double[] a = new double[rounds];
      double[] ratioBefore = new double[rounds];
      double[] ratioAfter = new double[rounds];
      for (int i = -WARMUP_ROUNDS; i < rounds; i++) {
        double jn = round(mx, after, java, roundNanos);
        double bn = round(mx, before, regoBefore, roundNanos);
        double an = round(mx, after, regoAfter, roundNanos);
        if (i >= 0) {
          j[i] = jn;
          b[i] = bn;
          a[i] = an;
          ratioBefore[i] = bn / jn;
          ratioAfter[i] = an / jn;
        }
      }
      System.out.printf("%-14s java %5.0f ns | before %6.0f ns %5.1fx (%.1f-%.1f) | after %6.0f ns %5.1fx (%.1f-%.1f)%n",
          c, q(j, .5), q(b, .5), q(ratioBefore, .5), q(ratioBefore, .25), q(ratioBefore, .75),
          q(a, .5), q(ratioAfter, .5), q(ratioAfter, .25), q(ratioAfter, .75));
    }
  }

  /** A set-up EgressDecisionBenchmark loaded through loader (its own copy of every class). */
  private static Object benchmark(ClassLoader loader) throws Exception {
    Class<?> c = Class.forName(EgressDecisionBenchmark.class.getName(), true, loader);
    Object b = c.getConstructor().newInstance();
    c.getMethod("setUp").invoke(b); // includes the cross-check against the hand-written decision
    return b;
  }

  private static double round(ThreadMXBean mx, Object target, Method op, long roundNanos) throws Exception {
    long start = mx.getCurrentThreadCpuTime();
    long n = 0;
    while (mx.getCurrentThreadCpuTime() - start < roundNanos) {
      for (int i = 0; i < BATCH; i++) {
        op.invoke(target);
      }
      n += BATCH;
    }
    return (mx.getCurrentThreadCpuTime() - start) / (double) n;
  }

  private static double q(double[] xs, double quantile) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[(int) Math.round(quantile * (s.length - 1))];
  }
}
