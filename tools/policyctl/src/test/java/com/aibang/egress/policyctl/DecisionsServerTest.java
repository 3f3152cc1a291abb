package com.aibang.egress.policyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.decisionlog.DecisionLogWriter;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `policyctl decisions --server` against a real HTTP server on 127.0.0.1 answering GET /v1/decisions
 * the way policy-service does: {"result": [entries as logged, without prev_hash, newest first]}.
 * (The packaged service itself is queried in DecisionsServiceIT.)
 */
class DecisionsServerTest {
  private HttpServer server;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String body;

  @BeforeEach
  void start() throws IOException {
    List<Map<String, Object>> newestFirst = new ArrayList<>(DecisionLogFixture.entries());
    Collections.reverse(newestFirst);
    body = "{\"result\":[" + newestFirst.stream()
        .map(e -> new String(DecisionLogWriter.serialize(e), StandardCharsets.UTF_8))
        .collect(Collectors.joining(",")) + "]}";
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/decisions", exchange -> {
      queries.add(exchange.getRequestURI().getRawQuery());
      byte[] answer = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static List<String> requestIds(CliRun r) {
    return r.out().lines().map(l -> l.substring(l.lastIndexOf("request_id=") + "request_id=".length())).toList();
  }

  @Test
  void listsTheServiceEntriesOldestFirst() {
    CliRun r = CliRun.of("decisions", "--server", url());
    assertEquals(0, r.code(), r.toString());
    assertEquals(List.of("r1", "r1", "r2", "r3", "r3", "r4", "r5", "-", "r6"), requestIds(r));
    assertEquals(List.of("limit=10000"), queries);
  }

  @Test
  void exactFiltersAreSentToTheServiceAndAllAreAppliedLocally() {
    CliRun r = CliRun.of("decisions", "--server", url() + "/", "--tier", "edge", "--deny", "-n", "payments",
        "--destination", "Evil.Example.com", "--reason", "may not", "--limit", "50");
    assertEquals(0, r.code(), r.toString());
    assertEquals(List.of("tier=edge&namespace=payments&destination=evil.example.com&allow=false&limit=50"), queries);
    // This recorded server ignores the parameters: the local filters still select.
    assertEquals(List.of("r2", "r6"), requestIds(r));
  }

  @Test
  void globsAndPortsAreOnlyAppliedLocally() {
    CliRun r = CliRun.of("decisions", "--server", url() + "/v1/decisions", "--destination", "*:8443", "-n", "bill*");
    assertEquals(0, r.code(), r.toString());
    assertEquals(List.of("limit=10000"), queries);
    assertEquals(List.of("r5"), requestIds(r));
  }

  @Test
  void joinAsksForEveryTierAndSummaryForDenials() {
    CliRun join = CliRun.of("decisions", "--server", url(), "--join", "--tier", "egress", "--deny");
    assertEquals(0, join.code(), join.toString());
    assertEquals(List.of("request r3"), join.out().lines().filter(l -> l.startsWith("request ")).toList());
    assertTrue(join.out().contains(" edge   allow "), join.toString());
    CliRun summary = CliRun.of("decisions", "--server", url(), "--summary");
    assertEquals(0, summary.code(), summary.toString());
    assertTrue(summary.out().contains("      2       0  payments     evil.example.com:443"), summary.toString());
    assertEquals(List.of("limit=10000", "allow=false&limit=10000"), queries);
  }

  @Test
  void jsonPrintsEachEntryAsOneLine() {
    CliRun r = CliRun.of("decisions", "--server", url(), "--json", "--request-id", "r2");
    assertEquals(0, r.code(), r.toString());
    assertEquals(new String(DecisionLogWriter.serialize(DecisionLogFixture.entries().get(2)), StandardCharsets.UTF_8)
        + "\n", r.out());
  }

  @Test
  void serviceErrorsAreReported() {
    status = 400;
    body = "{\"code\":\"invalid_parameter\",\"message\":\"limit must be 1..10000\"}";
    CliRun bad = CliRun.of("decisions", "--server", url());
    assertEquals(1, bad.code(), bad.toString());
    assertTrue(bad.err().contains("HTTP 400: {\"code\":\"invalid_parameter\""), bad.toString());

    status = 200;
    body = "[]";
    CliRun shape = CliRun.of("decisions", "--server", url());
    assertEquals(1, shape.code(), shape.toString());
    assertTrue(shape.err().contains("answer has no \"result\" array"), shape.toString());
  }

  @Test
  void unreachableServiceIsReported() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    CliRun r = CliRun.of("decisions", "--server", "http://127.0.0.1:" + closedPort);
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("cannot reach the service"), r.toString());
  }
}
