package com.aibang.egress.policyctl;

import com.aibang.egress.decisionlog.DecisionLogFields;
import com.aibang.egress.decisionlog.DecisionLogWriter;
import com.aibang.egress.decisionlog.InputFields;
import com.aibang.egress.decisionlog.RotatingFileSink;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decision log entries shaped like policy-service's (same field names, same order), written with
 * the real writer from libs/decision-log. Eight entries, 10:00 to 10:07 UTC on 2026-11-26:
 * r1 edge+egress allowed; r2 denied at the edge; r3 edge allowed, egress denied (SNI); r4 egress
 * only; r5 report-mode denial; a Data API query without decision; r6 denied from another namespace.
 */
final class DecisionLogFixture {
  static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

  private DecisionLogFixture() {}

  static List<Map<String, Object>> entries() {
    List<Map<String, Object>> entries = new ArrayList<>();
    entries.add(decision(0, "edge", "r1", "payments", "api-7d9", "10.4.2.7", "login.microsoft.com", 443, true,
        "allowed: namespace payments may reach login.microsoft.com:443", "enforce"));
    entries.add(decision(1, "egress", "r1", null, null, "10.9.0.2", "login.microsoft.com", 443, true,
        "allowed: login.microsoft.com:443", "enforce"));
    entries.add(decision(2, "edge", "r2", "payments", "api-7d9", "10.4.2.7", "evil.example.com", 443, false,
        "denied: namespace payments may not reach evil.example.com:443", "enforce"));
    entries.add(decision(3, "edge", "r3", "billing", "job-1", "10.4.3.1", "api.github.com", 443, true,
        "allowed: namespace billing may reach api.github.com:443", "enforce"));
    entries.add(decision(4, "egress", "r3", null, null, "10.9.0.2", "api.github.com", 443, false,
        "denied: TLS server name evil.test does not match api.github.com", "enforce"));
    entries.add(decision(5, "egress", "r4", null, null, "10.9.0.3", "login.microsoft.com", 443, true,
        "allowed: login.microsoft.com:443", "enforce"));
    entries.add(decision(6, "edge", "r5", "billing", "job-1", "10.4.3.1", "evil.example.com", 8443, false,
        "denied: rate limit exceeded", "report"));
    Map<String, Object> query = new LinkedHashMap<>();
    query.put(DecisionLogFields.DECISION_ID, "d-query");
    query.put(DecisionLogFields.TIMESTAMP, START.plusSeconds(390).toString());
    query.put(DecisionLogFields.PATH, "data.allowlists");
    query.put(DecisionLogFields.POLICY_REVISION, "abc123def456");
    query.put(DecisionLogFields.DECIDED_BY, "rego");
    entries.add(query);
    entries.add(decision(7, "edge", "r6", "payments", "api-2", "10.4.2.8", "evil.example.com", 443, false,
        "denied: namespace payments may not reach evil.example.com:443", "enforce"));
    return entries;
  }

  static Map<String, Object> decision(int minute, String tier, String requestId, String namespace, String pod,
      String ip, String host, int port, boolean allow, String reason, String mode) {
    return decisionAt(START.plusSeconds(60L * minute), tier, requestId, namespace, pod, ip, host, port, allow, reason,
        mode);
  }

  static Map<String, Object> decisionAt(Instant time, String tier, String requestId, String namespace, String pod,
      String ip, String host, int port, boolean allow, String reason, String mode) {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put(InputFields.SOURCE_IP, ip);
    if (namespace != null) {
      source.put(InputFields.SOURCE_NAMESPACE, namespace);
      source.put(InputFields.SOURCE_POD, pod);
    }
    Map<String, Object> destination = new LinkedHashMap<>();
    destination.put(InputFields.DEST_HOST, host);
    destination.put(InputFields.DEST_PORT, port);
    destination.put(InputFields.DEST_METHOD, "CONNECT");
    Map<String, Object> input = new LinkedHashMap<>();
    input.put(InputFields.TIER, tier);
    input.put(InputFields.REQUEST_ID, requestId);
    input.put(InputFields.SOURCE, source);
    input.put(InputFields.DESTINATION, destination);
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put(DecisionLogFields.DECISION_ID, "d-" + requestId + "-" + tier);
    entry.put(DecisionLogFields.TIMESTAMP, time.toString());
    entry.put(DecisionLogFields.PATH, "data.egress.decision");
    entry.put(DecisionLogFields.TIER, tier);
    entry.put(DecisionLogFields.REQUEST_ID, requestId);
    entry.put(DecisionLogFields.POLICY_REVISION, "abc123def456");
    entry.put(DecisionLogFields.DECIDED_BY, "rego");
    entry.put(DecisionLogFields.ALLOW, allow);
    entry.put(DecisionLogFields.REASON, reason);
    entry.put(DecisionLogFields.MODE, mode);
    entry.put(DecisionLogFields.LABELS, Map.of(DecisionLogFields.LABEL_SERVICE, "policy-service"));
    entry.put(DecisionLogFields.INPUT, input);
    entry.put(DecisionLogFields.METRICS, Map.of(DecisionLogFields.METRIC_EVAL_NS, 20_000));
    return entry;
  }

  /** Writes the entries with the real chained writer; maxBytes > 0 rotates (FILE.1 ... FILE.maxBackups). */
  static Path write(Path file, List<Map<String, Object>> entries, long maxBytes, int maxBackups) {
    try (DecisionLogWriter writer = new DecisionLogWriter(List.of(new RotatingFileSink(file, maxBytes, maxBackups)))) {
      entries.forEach(writer::write);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return file;
  }

  static Path write(Path file) {
    return write(file, entries(), 0, 1);
  }
}
