package com.aibang.egress.policyctl;

import com.aibang.egress.decisionlog.DecisionLogFields;
import com.aibang.egress.decisionlog.InputFields;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one decision log entry that review needs (names from libs/decision-log), plus
 * the raw JSON. Absent fields are null; {@code allow} is null for Data API
 * queries of other paths, which carry no decision.
 */
record DecisionEntry(String raw, Instant timestamp, String timestampText, String tier,
    Boolean allow, String mode, String reason, String requestId, String namespace, String pod, String sourceIp,
    String host, String port, Reuse reuse) {

  /**
   * What a reuse entry ({@code "kind": "reuse"}) adds: the decision reused, how often, and the request ids the
   * proxy listed (at most its limit; {@code omitted} more were only counted).
   */
  record Reuse(String decisionId, long count, List<String> requestIds, long omitted) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** @throws IllegalArgumentException when the text is not a JSON object */
  static DecisionEntry parse(String raw) {
    JsonNode node;
    try {
      node = JSON.readTree(raw);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    return of(node, raw);
  }

  /** An entry the service returned as a JSON object; its raw form is the compact JSON. */
  static DecisionEntry of(JsonNode node) {
    return of(node, node.toString());
  }

  private static DecisionEntry of(JsonNode node, String raw) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode input = node.path(DecisionLogFields.INPUT);
    JsonNode source = input.path(InputFields.SOURCE);
    JsonNode destination = input.path(InputFields.DESTINATION);
    String timestampText = text(node.get(DecisionLogFields.TIMESTAMP));
    JsonNode allow = node.get(DecisionLogFields.ALLOW);
    Reuse reuse = null;
    if (DecisionLogFields.KIND_REUSE.equals(text(node.get(DecisionLogFields.KIND)))) {
      JsonNode details = node.path(DecisionLogFields.REUSE);
      List<String> ids = new ArrayList<>();
      details.path(DecisionLogFields.REUSE_REQUEST_IDS).forEach(id -> ids.add(id.asText()));
      reuse = new Reuse(text(node.get(DecisionLogFields.DECISION_ID)), details.path(DecisionLogFields.REUSE_COUNT)
          .asLong(), List.copyOf(ids), details.path(DecisionLogFields.REUSE_REQUEST_IDS_OMITTED).asLong());
    }
    return new DecisionEntry(raw, instant(timestampText), timestampText,
        text(node.get(DecisionLogFields.TIER)), allow != null && allow.isBoolean() ? allow.booleanValue() : null,
        text(node.get(DecisionLogFields.MODE)), text(node.get(DecisionLogFields.REASON)),
        text(node.get(DecisionLogFields.REQUEST_ID)), text(source.get(InputFields.SOURCE_NAMESPACE)),
        text(source.get(InputFields.SOURCE_POD)), text(source.get(InputFields.SOURCE_IP)),
        text(destination.get(InputFields.DEST_HOST)), text(destination.get(InputFields.DEST_PORT)), reuse);
  }

  /**
   * The requests this entry speaks for: its request id, or for a reuse entry the request ids it lists (requests
   * answered from an earlier decision of the same proxy). Empty when none is known.
   */
  List<String> requestIds() {
    if (reuse != null) {
      return reuse.requestIds();
    }
    return requestId == null ? List.of() : List.of(requestId);
  }

  /** How many requests the entry stands for: 1, or a reuse entry's count. */
  long requests() {
    return reuse == null ? 1 : reuse.count();
  }

  /** allow false in report mode: let through, logged as what would have been denied. */
  boolean reportOnly() {
    return Boolean.FALSE.equals(allow) && DecisionLogFields.MODE_REPORT.equals(mode);
  }

  boolean denied() {
    return Boolean.FALSE.equals(allow);
  }

  /** "ns/pod" when the workload is known, else the source IP, else "-". */
  String sourceLabel() {
    if (namespace != null) {
      return namespace + "/" + (pod == null ? "-" : pod);
    }
    return sourceIp != null ? sourceIp : "-";
  }

  /** "host:port" ([v6]:port), "host", or "-". */
  String destinationLabel() {
    if (host == null) {
      return "-";
    }
    String shownHost = host.contains(":") ? "[" + host + "]" : host;
    return port == null ? shownHost : shownHost + ":" + port;
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isContainerNode()) {
      return null;
    }
    String text = node.asText();
    return text.isEmpty() ? null : text;
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
