package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.builtins.BuiltinContext;
import com.aibang.egress.rego.builtins.BuiltinRegistry;
import com.aibang.egress.rego.compiler.CompiledPolicy;
import com.aibang.egress.rego.compiler.CompiledQuery;
import com.aibang.egress.rego.compiler.Compiler;
import com.aibang.egress.rego.eval.QueryResult;
import com.aibang.egress.rego.eval.QueryRunner;
import com.aibang.egress.rego.value.JavaValues;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Documents that depend on data alone are computed once per compiled policy and shared by later
 * queries: same answers as without the memo (a listener turns it off), `with` bypasses it,
 * nondeterministic builtins and input keep rules out of it, errors are never stored as values,
 * and concurrent first use computes once. test.counted(x) returns x and counts its calls.
 */
class DataOnlyMemoTest {
  private static final String POLICY = """
      package t
      import rego.v1

      allowed_pattern_ports contains [lower(entry.host), port] if {
        some ns in data.allowlists.namespaces
        some entry in ns.destinations
        some port in entry.ports
        test.counted(port)
      }
      known_hosts := {h | some [h, _] in allowed_pattern_ports}
      host_count := count(known_hosts)
      pair_allowed(h, p) if [lower(h), p] in allowed_pattern_ports

      dest_host := lower(input.host)
      allowed if [dest_host, input.port] in allowed_pattern_ports
      allowed_by_function if pair_allowed(input.host, input.port)
      via_input_rule if dest_host in known_hosts
      reads_input(x) if x == input.host
      via_input_function if reads_input("h1.example")
      now := time.now_ns()
      random := rand.intn("k", 1000)
      uses_with := n if {
        n := count(known_hosts) with data.allowlists.namespaces as {}
      }

      conflict := 1 if count(known_hosts) > 0
      conflict := 2 if count(known_hosts) > 0
      bad_number := to_number(data.allowlists.not_a_number)
      """;

  private static final int NAMESPACES = 20;
  private static final int ENTRIES = NAMESPACES * 2; // two ports each

  private final AtomicInteger counted = new AtomicInteger();

  private static Value data(int namespaces) {
    Map<String, Object> ns = new LinkedHashMap<>();
    for (int i = 0; i < namespaces; i++) {
      ns.put("ns" + i, Map.of("destinations", List.of(Map.of("host", "H" + i + ".Example", "ports", List.of(443, 8443)))));
    }
    return JavaValues.fromJava(Map.of("allowlists", Map.of("namespaces", ns, "not_a_number", "x")));
  }

  private Compiler compiler() {
    BuiltinRegistry r = BuiltinRegistry.newStandard();
    r.register("test.counted", 1, a -> {
      counted.incrementAndGet();
      return a.get(0);
    });
    return new Compiler(r);
  }

  private final Compiler compiler = compiler();
  private final CompiledPolicy policy = compiler.compile(List.of(new SourceFile("t.rego", POLICY)), data(NAMESPACES));

  private QueryResult run(CompiledPolicy p, String query, Map<String, Object> input, boolean memo, boolean strict,
      BuiltinContext context) {
    CompiledQuery q = compiler.compileQuery(p, "q", query);
    // a listener must see every expression, so it turns the memo off: the uncached reference
    EvalListener listener = memo ? null : loc -> { };
    return QueryRunner.run(p, q, input == null ? null : JavaValues.fromJava(input), strict, context, EvalLimits.NONE,
        listener);
  }

  private QueryResult run(String query, Map<String, Object> input, boolean memo) {
    return run(policy, query, input, memo, false, new FixedClock(0));
  }

  private static Object x(QueryResult r) {
    assertNull(r.error(), () -> "unexpected error " + r.error());
    return r.rows().isEmpty() ? null : JavaValues.toJava(r.rows().get(0).get("x"));
  }

  @Test
  void analysisFindsTheDataOnlyDocuments() {
    for (String name : List.of("allowed_pattern_ports", "known_hosts", "host_count", "conflict", "bad_number")) {
      assertTrue(policy.root().descendant("t." + name).dataOnly(), name);
    }
    for (String name : List.of("dest_host", "allowed", "allowed_by_function", "via_input_rule", "via_input_function",
        "now", "random", "uses_with")) {
      assertFalse(policy.root().descendant("t." + name).dataOnly(), name);
    }
    assertFalse(policy.root().descendant("t").dataOnly(), "the package holds input-dependent rules");
  }

  @Test
  void computedOnceThenLookedUpWithTheSameAnswers() {
    assertEquals(java.math.BigInteger.valueOf(NAMESPACES), x(run("x := data.t.host_count", null, true)));
    assertEquals(ENTRIES, counted.get());
    for (int i = 0; i < 3 * NAMESPACES; i++) {
      Map<String, Object> in = Map.of("host", "h" + (i % (NAMESPACES + 5)) + ".EXAMPLE", "port", i % 2 == 0 ? 443 : 80);
      for (String rule : List.of("allowed", "allowed_by_function", "via_input_rule", "dest_host")) {
        String q = "x := data.t." + rule;
        assertEquals(x(run(q, in, false)), x(run(q, in, true)), q + " " + in);
      }
    }
    int uncachedRuns = 3 * NAMESPACES * 3; // dest_host does not need the set
    assertEquals(ENTRIES + uncachedRuns * ENTRIES, counted.get(), "memoised queries never ran the set's body again");
    assertEquals(x(run("x := data.t.known_hosts", null, false)), x(run("x := data.t.known_hosts", null, true)));
  }

  @Test
  void withModifiersBypassTheMemo() {
    x(run("x := data.t.host_count", null, true));
    int afterFirst = counted.get();
    Map<String, Object> one = Map.of("a", Map.of("destinations", List.of(Map.of("host", "only.example",
        "ports", List.of(1)))));
    assertEquals(java.math.BigInteger.ONE,
        x(run("x := data.t.host_count with data.allowlists.namespaces as " + JavaValues.fromJava(one), null, true)));
    assertEquals(java.math.BigInteger.valueOf(NAMESPACES),
        x(run("x := data.t.host_count with input as {\"host\": \"h1.example\"}", null, true)));
    assertEquals(afterFirst + 1 + ENTRIES, counted.get(), "both `with` queries computed the set themselves");
    assertEquals(java.math.BigInteger.ZERO, x(run("x := data.t.uses_with", null, true)));
    assertEquals(java.math.BigInteger.valueOf(NAMESPACES), x(run("x := data.t.host_count", null, true)),
        "the shared document is unchanged by the overrides");
  }

  @Test
  void nondeterministicBuiltinsAreEvaluatedPerQuery() {
    assertEquals(java.math.BigInteger.ONE, x(run(policy, "x := data.t.now", null, true, false, new FixedClock(1))));
    assertEquals(java.math.BigInteger.TWO, x(run(policy, "x := data.t.now", null, true, false, new FixedClock(2))));
  }

  @Test
  void errorsAreRaisedEveryTimeAndNeverStoredAsValues() {
    for (int i = 0; i < 2; i++) {
      QueryResult r = run("x := data.t.conflict", null, true);
      assertNotNull(r.error(), "conflict raised on query " + i);
      assertEquals("eval_conflict_error", r.error().code());
    }
    for (int i = 0; i < 2; i++) {
      QueryResult strict = run(policy, "x := data.t.bad_number", null, true, true, new FixedClock(0));
      assertNotNull(strict.error(), "strict builtin error on query " + i);
      assertEquals(strict.error(), run(policy, "x := data.t.bad_number", null, false, true, new FixedClock(0)).error());
      assertNull(x(run("x := data.t.bad_number", null, true)), "undefined when not strict");
    }
  }

  @Test
  void concurrentFirstUseComputesOnce() throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier start = new CyclicBarrier(threads);
    try {
      List<Future<Object>> answers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String host = "h" + (2 * i) + ".example";
        answers.add(pool.submit(() -> {
          start.await();
          return x(run("x := data.t.allowed", Map.of("host", host, "port", 443), true));
        }));
      }
      for (int i = 0; i < threads; i++) {
        assertEquals(2 * i < NAMESPACES ? Boolean.TRUE : null, answers.get(i).get(), "thread " + i);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(ENTRIES, counted.get(), "one computation shared by all threads");
  }

  @Test
  void otherDataGetsItsOwnMemo() {
    CompiledPolicy small = compiler.compile(List.of(new SourceFile("t.rego", POLICY)), data(3));
    assertEquals(java.math.BigInteger.valueOf(3), x(run(small, "x := data.t.host_count", null, true, false,
        new FixedClock(0))));
    assertEquals(java.math.BigInteger.valueOf(NAMESPACES), x(run("x := data.t.host_count", null, true)));
  }

  @Test
  void publicApiAnswersStayTheSameAcrossQueries() {
    RegoPolicy p = RegoPolicy.compileValue(List.of(new SourceFile("t.rego", POLICY.replace("test.counted(port)", "true"))),
        data(NAMESPACES));
    for (int i = 0; i < 3; i++) {
      assertEquals(java.util.Optional.of(true), p.evaluate("data.t.allowed", Map.of("host", "H2.example", "port", 8443)));
      assertEquals(java.util.Optional.empty(), p.evaluate("data.t.allowed", Map.of("host", "h2.example", "port", 80)));
    }
  }

  /** A builtin context whose clock reads a given instant (nothing else is used by these rules). */
  private record FixedClock(long now) implements BuiltinContext {
    @Override public long nowNanos() { return now; }

    @Override public void print(String line) { }
  }
}
