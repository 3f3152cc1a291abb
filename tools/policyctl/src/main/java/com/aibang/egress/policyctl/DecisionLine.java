package com.aibang.egress.policyctl;

/**
 * The compact one-line view of an entry:
 * {@code TIME TIER VERDICT NS/POD DESTINATION REASON request_id=ID}; "-" for what is absent,
 * verdict allow, deny, deny-report (report mode: let through) or "-" (a query without decision).
 */
final class DecisionLine {
  private DecisionLine() {}

  static String of(DecisionEntry e) {
    return String.format("%-24s %-6s %-11s %s %s %s request_id=%s", orDash(e.timestampText()), orDash(e.tier()),
        verdict(e), e.sourceLabel(), e.destinationLabel(), reason(e.reason()), orDash(e.requestId()));
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
