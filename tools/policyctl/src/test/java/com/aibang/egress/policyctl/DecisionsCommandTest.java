package com.aibang.egress.policyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.decisionlog.RotatedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `policyctl decisions` over real log files written by the decision log writer. */
class DecisionsCommandTest {
  @TempDir
  Path dir;

  private Path log;

  @BeforeEach
  void writeLog() {
    log = DecisionLogFixture.write(dir.resolve("decisions.log"));
  }

  private CliRun decisions(String... args) {
    List<String> all = new ArrayList<>(List.of("decisions"));
    all.addAll(Arrays.asList(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  /** The request ids (or "-") of the printed lines, in order. */
  private static List<String> requestIds(CliRun r) {
    return r.out().lines().map(l -> l.substring(l.lastIndexOf("request_id=") + "request_id=".length())).toList();
  }

  @Test
  void listsEveryEntryAsOneCompactLineOldestFirst() {
    CliRun r = decisions(log.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals(List.of("r1", "r1", "r2", "r3", "r3", "r4", "r5", "-", "r6"), requestIds(r));
    assertEquals("2026-11-26T10:02:00Z     edge   deny        payments/api-7d9 evil.example.com:443 "
        + "\"denied: namespace payments may not reach evil.example.com:443\" request_id=r2", r.out().lines().toList().get(2));
    assertTrue(r.out().lines().toList().get(1).contains(" egress allow       10.9.0.2 login.microsoft.com:443 "), r.toString());
    assertTrue(r.out().lines().toList().get(6).contains(" deny-report "), r.toString());
  }

  @Test
  void filtersByTierAnswerAndNamespace() {
    assertEquals(List.of("r1", "r3", "r4"), requestIds(decisions("--tier", "egress", log.toString())));
    assertEquals(List.of("r1", "r3", "r4"), requestIds(decisions("--tier", "2", log.toString())));
    assertEquals(List.of("r2", "r3", "r5", "r6"), requestIds(decisions("--deny", log.toString())));
    assertEquals(List.of("r1", "r1", "r3", "r4"), requestIds(decisions("--allow", log.toString())));
    assertEquals(List.of("r2", "r6"), requestIds(decisions("--deny", "-n", "payments", log.toString())));
    assertEquals(List.of("r1", "r2", "r3", "r5", "r6"), requestIds(decisions("--namespace", "*", log.toString())));
    assertEquals(List.of("r6"), requestIds(decisions("--pod", "api-?", log.toString())));
    assertEquals(List.of("r3", "r5"), requestIds(decisions("--namespace", "billing", "--namespace", "nope",
        log.toString())));
  }

  @Test
  void filtersByDestinationHostOrHostPortWithGlobs() {
    assertEquals(List.of("r2", "r5", "r6"), requestIds(decisions("--destination", "evil.example.com", log.toString())));
    assertEquals(List.of("r2", "r6"), requestIds(decisions("--destination", "EVIL.example.com:443", log.toString())));
    assertEquals(List.of("r5"), requestIds(decisions("--destination", "*:8443", log.toString())));
    assertEquals(List.of("r1", "r1", "r4"), requestIds(decisions("--destination", "*.microsoft.com", log.toString())));
  }

  @Test
  void filtersByReasonRegexRequestIdAndTime() {
    assertEquals(List.of("r3"), requestIds(decisions("--reason", "TLS server name .* does not match", log.toString())));
    assertEquals(List.of("r3", "r3"), requestIds(decisions("--request-id", "r3", log.toString())));
    assertEquals(List.of("r3", "r3", "r4"), requestIds(decisions("--since", "2026-11-26T10:03:00Z",
        "--until", "2026-11-26T11:05:30+01:00", log.toString())));
  }

  @Test
  void relativeSinceCountsBackFromNow() throws IOException {
    Path recent = dir.resolve("recent.log");
    Instant now = Instant.now();
    DecisionLogFixture.write(recent, List.of(
        DecisionLogFixture.decisionAt(now.minusSeconds(3600), "edge", "old", "a", "p", "10.0.0.1", "x.test", 443, true,
            "ok", "enforce"),
        DecisionLogFixture.decisionAt(now.minusSeconds(60), "edge", "new", "a", "p", "10.0.0.1", "x.test", 443, true,
            "ok", "enforce")), 0, 1);
    assertEquals(List.of("new"), requestIds(decisions("--since", "15m", recent.toString())));
    assertEquals(List.of("old"), requestIds(decisions("--until", "30m", recent.toString())));
  }

  @Test
  void jsonPrintsTheLoggedLinesUnchanged() throws IOException {
    CliRun r = decisions("--json", "--request-id", "r2", log.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals(Files.readAllLines(log).get(2) + "\n", r.out());
  }

  @Test
  void joinShowsBothTiersOfEachRequestAndWhatIsMissing() {
    CliRun r = decisions("--join", "--deny", log.toString());
    assertEquals(0, r.code(), r.toString());
    List<String> lines = r.out().lines().toList();
    // r3 was denied at tier 2: its allowed edge entry is shown with it.
    int r3 = lines.indexOf("request r3");
    assertTrue(r3 >= 0, r.toString());
    assertTrue(lines.get(r3 + 1).contains(" edge   allow ") && lines.get(r3 + 1).endsWith("request_id=r3"), r.toString());
    assertTrue(lines.get(r3 + 2).contains(" egress deny "), r.toString());
    int r2 = lines.indexOf("request r2");
    assertEquals("  (no egress entry: denied at the edge)", lines.get(r2 + 2), r.toString());
    assertFalse(r.out().contains("request r1"), r.toString());
    assertEquals("4 request(s): 1 with both tiers, 3 edge only, 0 egress only", lines.get(lines.size() - 1));

    CliRun egressOnly = decisions("--join", "--request-id", "r4", log.toString());
    assertEquals(List.of("request r4", "  (no edge entry)"), egressOnly.out().lines().toList().subList(0, 2),
        egressOnly.toString());
  }

  @Test
  void summaryCountsDenialsByNamespaceAndDestination() {
    CliRun r = decisions("--summary", log.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals(List.of(
        " DENIED  REPORT  NAMESPACE    DESTINATION",
        "      2       0  payments     evil.example.com:443",
        "      0       1  billing      evil.example.com:8443",
        "      1       0  ip 10.9.0.2  api.github.com:443",
        "      3       1  total        3 namespace/destination pair(s)"), r.out().lines().toList());
    CliRun egress = decisions("--summary", "--tier", "egress", log.toString());
    assertEquals(List.of(" DENIED  REPORT  NAMESPACE    DESTINATION", "      1       0  ip 10.9.0.2  api.github.com:443"),
        egress.out().lines().toList().subList(0, 2), egress.toString());
  }

  @Test
  void readsRotatedFilesOldestFirstAndVerifiesAcrossThem() throws IOException {
    Path rotated = DecisionLogFixture.write(dir.resolve("rot/decisions.log"), DecisionLogFixture.entries(), 1200, 9);
    assertTrue(RotatedFiles.oldestFirst(rotated).size() >= 3, RotatedFiles.oldestFirst(rotated).toString());
    assertEquals(List.of("r1", "r1", "r2", "r3", "r3", "r4", "r5", "-", "r6"), requestIds(decisions(rotated.toString())));

    CliRun verify = decisions("--verify", rotated.toString());
    assertEquals(0, verify.code(), verify.toString());
    assertTrue(verify.out().contains("hash chain intact: 9 entries in decisions.log."), verify.toString());
    assertTrue(verify.out().contains("starting from the seed"), verify.toString());
  }

  @Test
  void verifyIntactLog() {
    CliRun r = decisions("--verify", log.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals(log + ": hash chain intact: 9 entries in decisions.log, starting from the seed\n", r.out());
  }

  @Test
  void verifyNamesTheLineAfterAnEditedLine() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    lines.set(2, lines.get(2).replace("\"allow\":false", "\"allow\":true"));
    Files.write(log, lines);
    CliRun r = decisions("--verify", log.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().startsWith(log + ":4: prev_hash does not match the line before it"), r.toString());
    assertTrue(r.out().contains("hash chain BROKEN after 3 intact entries"), r.toString());
  }

  @Test
  void verifyNamesTheLineAfterADeletedLine() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    lines.remove(5);
    Files.write(log, lines);
    CliRun r = decisions("--verify", log.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().startsWith(log + ":6: prev_hash does not match"), r.toString());
  }

  @Test
  void verifyNamesTheRotatedFileWhereTheChainBreaks() throws IOException {
    Path rotated = DecisionLogFixture.write(dir.resolve("rot/decisions.log"), DecisionLogFixture.entries(), 1200, 9);
    Path newestBackup = RotatedFiles.backup(rotated, 1);
    Path older = RotatedFiles.backup(rotated, 2);
    List<String> olderLines = new ArrayList<>(Files.readAllLines(older));
    int last = olderLines.size() - 1;
    olderLines.set(last, olderLines.get(last).replace("abc123def456", "abc123def457"));
    Files.write(older, olderLines);
    CliRun r = decisions("--verify", rotated.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().startsWith(newestBackup + ":1: prev_hash does not match"), r.toString());
  }

  @Test
  void aLineThatIsNotAnEntryIsNamedAndFailsTheRun() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    lines.add(3, "garbage");
    Files.write(log, lines);
    CliRun r = decisions("--tier", "edge", log.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().startsWith(log + ":4: not a decision log entry, skipped"), r.toString());
    assertEquals(List.of("r1", "r2", "r3", "r5", "r6"), requestIds(r));
  }

  @Test
  void anUnterminatedLastLineIsSkippedWithANote() throws IOException {
    Files.write(log, "{\"tier\":\"edge\",\"request_id\":\"half".getBytes(StandardCharsets.UTF_8),
        java.nio.file.StandardOpenOption.APPEND);
    CliRun r = decisions("--tier", "edge", log.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.err().contains(log + ":10: incomplete last line skipped"), r.toString());
    assertEquals(1, decisions("--verify", log.toString()).code());
  }

  @Test
  void missingFileAndBadArgumentsAreClearErrors() {
    CliRun missing = decisions(dir.resolve("none.log").toString());
    assertEquals(1, missing.code(), missing.toString());
    assertTrue(missing.err().contains("none.log: no such decision log"), missing.toString());

    for (String[] args : List.of(new String[] {}, new String[] {"--tier", "middle", "x"},
        new String[] {"--since", "yesterday", "x"}, new String[] {"--reason", "(", "x"},
        new String[] {"--allow", "--deny", "x"}, new String[] {"--join", "--summary", "x"},
        new String[] {"--verify", "--tier", "edge", "x"}, new String[] {"--server", "http://127.0.0.1:1", "x"},
        new String[] {"--verify", "--server", "http://127.0.0.1:1"}, new String[] {"--summary", "--allow", "x"},
        new String[] {"--limit", "5", "x"}, new String[] {"--server", "ftp://h", "--limit", "0"},
        new String[] {"--bogus", "x"})) {
      CliRun r = decisions(args);
      assertEquals(2, r.code(), String.join(" ", args) + ": " + r);
      assertTrue(r.err().startsWith("policyctl decisions: "), r.toString());
    }
  }

  @Test
  void listedInTheOverview() {
    CliRun r = CliRun.of("help");
    assertTrue(r.out().contains("  decisions  review the decision log"), r.toString());
  }
}
