package com.aibang.egress.bench;

import com.aibang.egress.rego.RegoPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Approximate retained heap of the compiled egress policy with the 10,000-pattern data: heap in
 * use after full GCs, before and after holding COPIES independently compiled (and warmed, so lazy
 * lookup indexes and memoised data-only documents exist) policies, divided by COPIES. Also measures the hand-written Java structure
 * the same way. Run: java -cp target/benchmarks.jar com.aibang.egress.bench.RetainedSize
 */
public final class RetainedSize {
  private static final int COPIES = 8;

  private RetainedSize() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, Object> data = AllowlistData.data();
    Map<String, Object> allowlists = AllowlistData.allowlists();
    List<Map<String, Object>> warm = new ArrayList<>(AllowlistData.edgeAllowed().subList(0, 64));
    warm.addAll(AllowlistData.egressAllowed().subList(0, 4));
    warm.addAll(AllowlistData.egressDenied().subList(0, 2)); // every lazy index and memoised document exists
    var source = PolicySources.egressPolicy();

    long base = usedAfterGc();
    List<RegoPolicy> policies = new ArrayList<>();
    for (int i = 0; i < COPIES; i++) {
      RegoPolicy p = RegoPolicy.compile(List.of(source), data);
      warm.forEach(in -> p.evaluate(EgressDecisionBenchmark.DECISION, in));
      policies.add(p);
    }
    long withPolicies = usedAfterGc();
    List<HandWrittenEgressDecision> javas = new ArrayList<>();
    for (int i = 0; i < COPIES; i++) {
      javas.add(new HandWrittenEgressDecision(allowlists));
    }
    long withJava = usedAfterGc();
    System.out.printf("compiled Rego policy + data: %.1f MiB per copy (%d copies)%n",
        (withPolicies - base) / (double) COPIES / (1 << 20), policies.size());
    System.out.printf("hand-written Java structure: %.1f MiB per copy (%d copies)%n",
        (withJava - withPolicies) / (double) COPIES / (1 << 20), javas.size());
    System.out.println("(input data as plain Java maps, shared by both and not counted)");
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
