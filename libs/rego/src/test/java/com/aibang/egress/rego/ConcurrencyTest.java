package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One compiled policy evaluated from many threads at once gives each caller its own correct answer. */
class ConcurrencyTest {
  private static final String POLICY = """
      package egress
      import rego.v1
      default decision := {"allow": false, "reason": "no rule matched"}
      decision := {"allow": true, "reason": sprintf("%s may reach %s", [input.ns, input.host])} if {
        some rule in data.rules
        rule.namespace == input.ns
        glob.match(rule.host, ["."], input.host)
      }
      """;

  @Test
  void evaluatesConcurrently() throws Exception {
    RegoPolicy policy = RegoPolicy.compile(List.of(new SourceFile("egress.rego", POLICY)),
        Map.of("rules", List.of(Map.of("namespace", "payments", "host", "*.microsoft.com"))));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        boolean allowed = i % 2 == 0;
        String ns = allowed ? "payments" : "ns" + i;
        Callable<String> task = () -> {
          Optional<Object> r = policy.evaluate("data.egress.decision",
              Map.of("ns", ns, "host", "login.microsoft.com"));
          return ns + " " + r.orElseThrow();
        };
        futures.add(pool.submit(task));
      }
      for (int i = 0; i < futures.size(); i++) {
        String expected = i % 2 == 0
            ? "payments {allow=true, reason=payments may reach login.microsoft.com}"
            : "ns" + i + " {allow=false, reason=no rule matched}";
        assertEquals(expected, futures.get(i).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
