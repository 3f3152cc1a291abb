package com.aibang.egress.bench;

import com.aibang.egress.rego.RegoPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One decision of policies/egress/egress.rego (through the public RegoPolicy.evaluate API, plain
 * Java maps in and out, as the policy-service calls it) against the same decision hand-written in
 * Java, with 10,000 host patterns over 1,000 namespaces. Each call takes the next of 1,024
 * pre-generated requests, so no single request is measured over and over.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EgressDecisionBenchmark {
  static final String DECISION = "data.egress.decision";

  private RegoPolicy policy;
  private HandWrittenEgressDecision handWritten;
  private List<Map<String, Object>> edgeAllowed;
  private List<Map<String, Object>> edgeDenied;
  private List<Map<String, Object>> egressAllowed;
  private int next;

  @Setup
  public void setUp() {
    Map<String, Object> data = AllowlistData.data();
    policy = RegoPolicy.compile(List.of(PolicySources.egressPolicy()), data);
    handWritten = new HandWrittenEgressDecision(AllowlistData.allowlists());
    edgeAllowed = AllowlistData.edgeAllowed();
    edgeDenied = AllowlistData.edgeDenied();
    egressAllowed = AllowlistData.egressAllowed();
    // both sides must decide the same thing, or the comparison means nothing
    DecisionCrossCheck.verify(policy, handWritten, edgeAllowed, true);
    DecisionCrossCheck.verify(policy, handWritten, edgeDenied, false);
    DecisionCrossCheck.verify(policy, handWritten, egressAllowed, true);
    List<Map<String, Object>> egressDenied = AllowlistData.egressDenied();
    DecisionCrossCheck.verify(policy, handWritten, egressDenied, false);
  }

  private Map<String, Object> pick(List<Map<String, Object>> inputs) {
    next = (next + 1) & (AllowlistData.SAMPLE_REQUESTS - 1);
    return inputs.get(next);
  }

  @Benchmark
  public Optional<Object> regoEdgeAllowed() {
    return policy.evaluate(DECISION, pick(edgeAllowed));
  }

  @Benchmark
  public Map<String, Object> javaEdgeAllowed() {
    return handWritten.decide(pick(edgeAllowed));
  }

  @Benchmark
  public Optional<Object> regoEdgeDenied() {
    return policy.evaluate(DECISION, pick(edgeDenied));
  }

  @Benchmark
  public Map<String, Object> javaEdgeDenied() {
    return handWritten.decide(pick(edgeDenied));
  }

  @Benchmark
  public Optional<Object> regoEgressAllowed() {
    return policy.evaluate(DECISION, pick(egressAllowed));
  }

  @Benchmark
  public Map<String, Object> javaEgressAllowed() {
    return handWritten.decide(pick(egressAllowed));
  }
}
