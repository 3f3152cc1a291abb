package com.aibang.egress.rego.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs OPA's conformance cases (../shared/rego-conformance or $REGO_CONFORMANCE_DIR) and reports
 * pass counts per class; never fails on the numbers (only on broken case files). Each case runs
 * on its own thread with a timeout; a timeout counts as a failure.
 */
class RegoConformanceTest {
  private static final long CASE_TIMEOUT_MS = 5000;
  private static final long RETRY_TIMEOUT_MS = 60_000;
  private static final String TIMEOUT = "timeout after ";
  private static final long STACK_BYTES = 256L * 1024 * 1024;

  @Test
  void conformance() throws Exception {
    Path dir = locate();
    Assumptions.assumeTrue(dir != null && Files.isRegularFile(dir.resolve("MANIFEST.txt")),
        "rego conformance cases not found (set REGO_CONFORMANCE_DIR or place them at ../shared/rego-conformance)");
    Map<String, int[]> byCategory = new TreeMap<>();
    int[] passed = new int[3];
    int[] failed = new int[3];
    int[] skipped = new int[3];
    int[] totals = new int[3];
    List<String> failures = new ArrayList<>();
    List<String> passing = new ArrayList<>();
    ConformanceRatchet ratchet = ConformanceRatchet.load(ConformanceRatchet.DEFAULT_FILE);
    for (String line : Files.readAllLines(dir.resolve("MANIFEST.txt"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\t");
      int cls = cols[0].charAt(0) - 'A';
      String rel = cols[3];
      String category = rel.split("/")[1];
      int[] cat = byCategory.computeIfAbsent(cols[0] + " " + category, k -> new int[2]);
      for (ConformanceCase c : ConformanceLoader.load(dir.resolve(rel), rel)) {
        totals[cls]++;
        cat[1]++;
        String id = ConformanceRatchet.id(rel, c.index());
        String reason = runBounded(c, CASE_TIMEOUT_MS);
        if (reason != null && reason.startsWith(TIMEOUT) && ratchet.listed().contains(id)) {
          reason = runBounded(c, RETRY_TIMEOUT_MS);
        }
        if (reason == null) {
          passing.add(id);
          passed[cls]++;
          cat[0]++;
        } else {
          failed[cls]++;
          failures.add(cols[0] + " " + rel + " #" + c.index() + " [" + c.note() + "]: " + oneLine(reason));
        }
      }
    }
    int p = passed[0] + passed[1] + passed[2];
    int f = failed[0] + failed[1] + failed[2];
    int s = skipped[0] + skipped[1] + skipped[2];
    String summary = String.format("rego-conformance: A %d/%d B %d/%d C %d/%d", passed[0], totals[0], passed[1],
        totals[1], passed[2], totals[2]);
    String counts = p + " passed, " + f + " failed, " + s + " skipped";
    writeReport(summary, counts, byCategory, failures);
    System.out.println(summary);
    System.out.println(counts);
    assertTrue(p + f + s > 0, "no conformance cases were found");
    enforce(ratchet, passing);
  }

  /** Fails on listed cases that stopped passing; prints newly passing ones (or rewrites the list). */
  private static void enforce(ConformanceRatchet ratchet, List<String> passing) throws IOException {
    if (ConformanceRatchet.updateRequested()) {
      ratchet.rewrite(passing);
      System.out.println("rego-conformance: wrote " + passing.size() + " passing case ids to "
          + ratchet.file().toAbsolutePath());
      return;
    }
    List<String> fresh = ratchet.newlyPassing(passing);
    if (!fresh.isEmpty()) {
      System.out.println("rego-conformance: " + fresh.size() + " case(s) pass but are not in "
          + ratchet.file() + " (add them with -D" + ConformanceRatchet.UPDATE_PROPERTY + "=true):");
      fresh.forEach(id -> System.out.println("  newly passing: " + id));
    }
    List<String> lost = ratchet.regressions(passing);
    if (!lost.isEmpty()) {
      String list = String.join("\n  ", lost);
      fail(lost.size() + " conformance case(s) listed in " + ratchet.file() + " no longer pass (see "
          + "target/rego-conformance-report.txt for reasons):\n  " + list);
    }
  }

  private static String oneLine(String s) {
    String x = s.replace('\n', ' ');
    return x.length() > 300 ? x.substring(0, 300) + "..." : x;
  }

  /** Runs a case on a big-stack thread; interrupts it (the evaluator checks) on timeout. */
  private static String runBounded(ConformanceCase c, long timeoutMs) throws InterruptedException {
    AtomicReference<String> result = new AtomicReference<>(TIMEOUT + timeoutMs + " ms");
    Thread t = new Thread(null, () -> {
      try {
        result.set(ConformanceJudge.judge(c));
      } catch (RuntimeException | StackOverflowError e) {
        result.set("exception: " + e);
      }
    }, "conformance-case", STACK_BYTES);
    t.setDaemon(true);
    t.start();
    t.join(timeoutMs);
    if (t.isAlive()) {
      t.interrupt();
      t.join(1000);
      return TIMEOUT + timeoutMs + " ms";
    }
    return result.get();
  }

  private static void writeReport(String summary, String counts, Map<String, int[]> byCategory,
      List<String> failures) throws IOException {
    StringBuilder sb = new StringBuilder(summary).append('\n').append(counts).append("\n\n");
    sb.append("Per category (class category passed/total):\n");
    byCategory.forEach((k, v) -> sb.append(String.format("  %-45s %d/%d%n", k, v[0], v[1])));
    sb.append("\nFailing cases:\n");
    failures.forEach(x -> sb.append("  ").append(x).append('\n'));
    Path out = Path.of("target", "rego-conformance-report.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
  }

  private static Path locate() {
    String env = System.getenv("REGO_CONFORMANCE_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path module = Path.of("").toAbsolutePath();
    Path repo = module.getParent() == null ? null : module.getParent().getParent();
    return repo == null || repo.getParent() == null ? null : repo.getParent().resolve("shared/rego-conformance");
  }
}
