package com.aibang.egress.policyctl;

/**
 * The compact one-line view of an entry:
 * {@code TIME TIER VERDICT NS/POD DESTINATION REASON request_id=ID}; "-" for what is absent,
 * verdict allow, deny, deny-report (report mode: let through) or "-" (a query without decision).
 * A reuse entry adds {@code reuse_of=DECISION_ID count=N} before its request ids ({@code ID,ID,+MORE}).
 */
final class DecisionLine {
  private DecisionLine() {}

  static String of(DecisionEntry e) {
    return String.format("%-24s %-6s %-11s %s %s %s %srequest_id=%s", orDash(e.timestampText()), orDash(e.tier()),
        verdict(e), e.sourceLabel(), e.destinationLabel(), reason(e.reason()), reused(e), requestIds(e));
  }

  /** A reuse entry: {@code reuse_of=DECISION_ID count=N }; nothing for a decision. */
  private static String reused(DecisionEntry e) {
    return e.reuse() == null ? "" : "reuse_of=" + orDash(e.reuse().decisionId()) + " count=" + e.reuse().count() + " ";
  }

  /** The request id; for a reuse entry the ids it lists, comma separated, and how many more it only counted. */
  private static String requestIds(DecisionEntry e) {
    if (e.reuse() == null) {
      return orDash(e.requestId());
    }
    String listed = e.reuse().requestIds().isEmpty() ? "-" : String.join(",", e.reuse().requestIds());
    return e.reuse().omitted() > 0 ? listed + ",+" + e.reuse().omitted() : listed;
  }

  static String verdict(DecisionEntry e) {
    if (e.allow() == null) {
      return "-";
    }
    return e.allow() ? "allow" : e.reportOnly() ? "deny-report" : "deny";
  }

  /** Quoted when it has spaces (or is empty), so the line still splits into fields. */
  private static String reason(String reason) {
    if (reason == null) {
      return "-";
    }
    boolean plain = !reason.isEmpty() && reason.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"');
    return plain ? reason : "\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }
}
