package com.aibang.egress.policyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.decisionlog.DecisionLogFields;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `policyctl decisions` with the policy-service's reuse entries (kind reuse): shown with the decision they reused
 * and their request ids, matched by --request-id and --kind, joined to each request they list, chain verified.
 * The log: r1 asked at both tiers; the edge then reused r1's decision for r7, r8 and one unlisted request, whose
 * egress checks were asked (r7, r8).
 */
class ReuseEntriesTest {
  @TempDir
  Path dir;

  private Path log;

  /** A reuse entry shaped like policy-service's ReuseLogRecord (same field names and order). */
  static Map<String, Object> reuseEntry(Map<String, Object> decision, long count, List<String> requestIds, long omitted) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put(DecisionLogFields.DECISION_ID, decision.get(DecisionLogFields.DECISION_ID));
    entry.put(DecisionLogFields.KIND, DecisionLogFields.KIND_REUSE);
    entry.put(DecisionLogFields.TIMESTAMP, DecisionLogFixture.START.plusSeconds(90).toString());
    entry.put(DecisionLogFields.PATH, "data.egress.decision");
    entry.put(DecisionLogFields.TIER, decision.get(DecisionLogFields.TIER));
    entry.put(DecisionLogFields.POLICY_REVISION, "abc123def456");
    entry.put(DecisionLogFields.DECIDED_BY, DecisionLogFields.DECIDED_BY_DECISION_CACHE);
    entry.put(DecisionLogFields.ALLOW, decision.get(DecisionLogFields.ALLOW));
    entry.put(DecisionLogFields.REASON, decision.get(DecisionLogFields.REASON));
    entry.put(DecisionLogFields.MODE, decision.get(DecisionLogFields.MODE));
    Map<String, Object> input = new LinkedHashMap<>((Map<?, ?>) decision.get(DecisionLogFields.INPUT) == null
        ? Map.of() : castMap(decision.get(DecisionLogFields.INPUT)));
    input.remove("request_id");
    entry.put(DecisionLogFields.INPUT, input);
    Map<String, Object> reuse = new LinkedHashMap<>();
    reuse.put(DecisionLogFields.REUSE_COUNT, count);
    reuse.put(DecisionLogFields.REUSE_REQUEST_IDS, requestIds);
    if (omitted > 0) {
      reuse.put(DecisionLogFields.REUSE_REQUEST_IDS_OMITTED, omitted);
    }
    reuse.put(DecisionLogFields.REUSE_REPORT_ID, "report-1");
    entry.put(DecisionLogFields.REUSE, reuse);
    entry.put(DecisionLogFields.METRICS, Map.of(DecisionLogFields.METRIC_RATE_NS, 900));
    return entry;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object value) {
    return (Map<String, Object>) value;
  }

  @BeforeEach
  void writeLog() {
    List<Map<String, Object>> entries = new ArrayList<>();
    Map<String, Object> edge = DecisionLogFixture.decision(0, "edge", "r1", "payments", "api-7d9", "10.4.2.7",
        "login.microsoft.com", 443, true, "allowed: namespace payments may reach login.microsoft.com:443", "enforce");
    entries.add(edge);
    entries.add(DecisionLogFixture.decision(1, "egress", "r1", null, null, "10.9.0.2", "login.microsoft.com", 443, true,
        "allowed: login.microsoft.com:443", "enforce"));
    entries.add(reuseEntry(edge, 3, List.of("r7", "r8"), 1));
    entries.add(DecisionLogFixture.decision(2, "egress", "r7", null, null, "10.9.0.2", "login.microsoft.com", 443, true,
        "allowed: login.microsoft.com:443", "enforce"));
    entries.add(DecisionLogFixture.decision(3, "egress", "r8", null, null, "10.9.0.2", "login.microsoft.com", 443, true,
        "allowed: login.microsoft.com:443", "enforce"));
    log = DecisionLogFixture.write(dir.resolve("decisions.log"), entries, 0, 1);
  }

  private CliRun decisions(String... args) {
    List<String> all = new ArrayList<>(List.of("decisions"));
    all.addAll(List.of(args));
    all.add(log.toString());
    return CliRun.of(all.toArray(String[]::new));
  }

  @Test
  void aReuseEntryIsOneLineNamingTheDecisionItsCountAndRequestIds() {
    CliRun r = decisions();
    assertEquals(0, r.code(), r.toString());
    List<String> lines = r.out().lines().toList();
    assertEquals(5, lines.size(), r.toString());
    assertEquals("2026-11-26T10:01:30Z     edge   allow       payments/api-7d9 login.microsoft.com:443 "
        + "\"allowed: namespace payments may reach login.microsoft.com:443\" reuse_of=d-r1-edge count=3 "
        + "request_id=r7,r8,+1", lines.get(2));
  }

  @Test
  void requestIdAndKindFiltersSeeTheRequestsAReuseEntryLists() {
    List<String> r7 = decisions("--request-id", "r7").out().lines().toList();
    assertEquals(2, r7.size(), r7.toString());
    assertTrue(r7.get(0).contains("reuse_of=d-r1-edge"), r7.toString());
    assertTrue(r7.get(1).endsWith("request_id=r7"), r7.toString());
    List<String> reuses = decisions("--kind", "reuse").out().lines().toList();
    assertEquals(1, reuses.size(), reuses.toString());
    assertEquals(4, decisions("--kind", "decision").out().lines().count());
    CliRun bad = decisions("--kind", "cached");
    assertEquals(ExitCodes.USAGE, bad.code(), bad.toString());
    assertTrue(bad.err().contains("--kind cached: expected decision or reuse"), bad.toString());
  }

  @Test
  void joinPutsTheReuseEntryUnderEachRequestItLists() {
    CliRun r = decisions("--join", "--tier", "egress");
    assertEquals(0, r.code(), r.toString());
    String out = r.out();
    assertTrue(out.contains("request r7\n  2026-11-26T10:01:30Z     edge   allow"), out);
    assertTrue(out.contains("request r8\n  2026-11-26T10:01:30Z     edge   allow"), out);
    assertTrue(out.contains("3 request(s): 3 with both tiers, 0 edge only, 0 egress only"), out);
  }

  @Test
  void theChainWithReuseEntriesVerifies() {
    CliRun r = CliRun.of("decisions", "--verify", log.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("hash chain intact: 5 entries"), r.toString());
  }
}
