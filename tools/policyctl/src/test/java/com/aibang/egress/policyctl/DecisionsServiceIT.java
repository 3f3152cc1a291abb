package com.aibang.egress.policyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aibang.egress.decisionlog.RotatedFiles;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged policy-service (../../policy-service/target/quarkus-app/quarkus-run.jar) as a child
 * process on 127.0.0.1: decisions asked over its Data API are logged by its own writer to rotated
 * files; `policyctl decisions` reads them from the files and from GET /v1/decisions, and verifies
 * the chain the service wrote.
 */
class DecisionsServiceIT {
  private static final Path JAR = Path.of("../../policy-service/target/quarkus-app/quarkus-run.jar")
      .toAbsolutePath().normalize();
  /** Only guards against a hung child; never a performance expectation. */
  private static final long HANG_GUARD_SECONDS = 180;
  private static final String POLICY = """
      package egress

      import rego.v1

      default decision := {"allow": false, "reason": "denied: not listed", "rule": "default_deny"}

      decision := {"allow": true, "reason": "allowed", "rule": "listed"} if {
      	input.destination.host in {"login.microsoft.com", "api.github.com"}
      	not sni_mismatch
      }

      sni_mismatch if {
      	input.destination.sni
      	input.destination.sni != input.destination.host
      }
      """;

  @TempDir
  Path dir;

  private Process service;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws InterruptedException {
    if (service != null) {
      service.destroy();
      if (!service.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
    }
  }

  @Test
  void reviewsWhatTheRunningServiceLogged() throws Exception {
    assumeTrue(Files.isRegularFile(JAR), JAR + " missing: build policy-service first "
        + "(./mvnw -B -q -f policy-service/pom.xml install)");
    Path policies = Files.createDirectories(dir.resolve("policies/egress"));
    Files.writeString(policies.resolve("egress.rego"), POLICY);
    Path log = dir.resolve("logs/decisions.log");
    int httpPort = freePort();
    service = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dpolicy.dir=" + dir.resolve("policies"),
        "-Dpolicy.grpc.host=127.0.0.1", "-Dpolicy.grpc.port=" + freePort(),
        "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + httpPort,
        "-Dpolicy.decision-log.file=" + log, "-Dpolicy.decision-log.stdout=false",
        "-Dpolicy.decision-log.max-file-size=1500", "-Dpolicy.decision-log.max-backups=20",
        "-jar", JAR.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("service.out").toFile()).start();
    String url = "http://127.0.0.1:" + httpPort;
    awaitHealthy(url);

    decide(url, "edge", "r1", "payments", "login.microsoft.com", null);
    decide(url, "egress", "r1", null, "login.microsoft.com", "login.microsoft.com");
    decide(url, "edge", "r2", "payments", "evil.example.com", null);
    decide(url, "edge", "r3", "billing", "api.github.com", null);
    decide(url, "egress", "r3", null, "api.github.com", "evil.test");
    decide(url, "edge", "r4", "payments", "evil.example.com", null);
    awaitLines(log, 6);

    CliRun fromFiles = CliRun.of("decisions", log.toString());
    assertEquals(0, fromFiles.code(), fromFiles.toString());
    assertEquals(6, fromFiles.out().lines().count(), fromFiles.toString());
    assertTrue(RotatedFiles.oldestFirst(log).size() > 1, "the service rotated its log: " + RotatedFiles.oldestFirst(log));
    CliRun fromService = CliRun.of("decisions", "--server", url);
    assertEquals(0, fromService.code(), fromService.toString());
    assertEquals(fromFiles.out(), fromService.out());

    CliRun join = CliRun.of("decisions", "--server", url, "--join", "--deny");
    assertEquals(0, join.code(), join.toString());
    List<String> lines = join.out().lines().toList();
    assertEquals(List.of("request r2", "request r3", "request r4"),
        lines.stream().filter(l -> l.startsWith("request ")).toList(), join.toString());
    assertEquals("  (no egress entry: denied at the edge)", lines.get(lines.indexOf("request r2") + 2), join.toString());
    assertTrue(lines.get(lines.indexOf("request r3") + 1).contains(" edge   allow       billing/"), join.toString());
    assertTrue(lines.get(lines.indexOf("request r3") + 2).contains(" egress deny "), join.toString());

    CliRun summary = CliRun.of("decisions", "--server", url, "--summary");
    assertEquals(0, summary.code(), summary.toString());
    assertTrue(summary.out().contains("      2       0  payments     evil.example.com:443"), summary.toString());

    CliRun verify = CliRun.of("decisions", "--verify", log.toString());
    assertEquals(0, verify.code(), verify.toString());
    assertTrue(verify.out().contains("hash chain intact: 6 entries in decisions.log."), verify.toString());
    assertTrue(verify.out().contains("starting from the seed"), verify.toString());

    // Edit r2's line (deny -> allow): the break is named at the line after it, maybe in the next file.
    List<String[]> located = new ArrayList<>();
    for (Path file : RotatedFiles.oldestFirst(log)) {
      List<String> fileLines = Files.readAllLines(file);
      for (int i = 0; i < fileLines.size(); i++) {
        located.add(new String[] {file.toString(), Integer.toString(i + 1), fileLines.get(i)});
      }
    }
    int r2 = 0;
    while (!located.get(r2)[2].contains("\"request_id\":\"r2\"")) {
      r2++;
    }
    Path r2File = Path.of(located.get(r2)[0]);
    Files.writeString(r2File, Files.readString(r2File).replace(located.get(r2)[2],
        located.get(r2)[2].replace("\"allow\":false", "\"allow\":true")));
    CliRun tampered = CliRun.of("decisions", "--verify", log.toString());
    assertEquals(1, tampered.code(), tampered.toString());
    assertTrue(tampered.out().startsWith(located.get(r2 + 1)[0] + ":" + located.get(r2 + 1)[1]
        + ": prev_hash does not match"), tampered.toString());
  }

  private void decide(String url, String tier, String requestId, String namespace, String host, String sni)
      throws IOException, InterruptedException {
    String source = namespace == null ? "{\"ip\": \"10.9.0.2\"}"
        : "{\"ip\": \"10.4.2.7\", \"namespace\": \"" + namespace + "\", \"pod\": \"api-1\"}";
    String input = "{\"input\": {\"tier\": \"" + tier + "\", \"request_id\": \"" + requestId + "\", \"source\": " + source
        + ", \"destination\": {\"host\": \"" + host + "\", \"port\": 443"
        + (sni == null ? "" : ", \"sni\": \"" + sni + "\"") + "}}}";
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/data/egress/decision"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(input)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
  }

  private void awaitHealthy(String url) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
    while (System.nanoTime() < deadline) {
      assertTrue(service.isAlive(), () -> "policy-service exited: " + output());
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (ConnectException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("policy-service not healthy: " + output());
  }

  private static void awaitLines(Path log, int count) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
    while (true) {
      long lines = 0;
      for (Path file : RotatedFiles.oldestFirst(log)) {
        lines += Files.readString(file).chars().filter(c -> c == '\n').count();
      }
      if (lines >= count) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the service logged " + lines + " of " + count + " entries");
      }
      Thread.sleep(50);
    }
  }

  private String output() {
    try {
      return Files.readString(dir.resolve("service.out"));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
