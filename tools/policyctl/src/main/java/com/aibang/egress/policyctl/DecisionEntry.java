package com.aibang.egress.policyctl;

import com.aibang.egress.decisionlog.DecisionLogFields;
import com.aibang.egress.decisionlog.InputFields;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The fields of one decision log entry that review needs (names from libs/decision-log), plus
 * the raw JSON. Absent fields are null; {@code allow} is null for Data API
 * queries of other paths, which carry no decision.
 */
record DecisionEntry(String raw, Instant timestamp, String timestampText, String tier,
    Boolean allow, String mode, String reason, String requestId, String namespace, String pod, String sourceIp,
    String host, String port) {

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
    return new DecisionEntry(raw, instant(timestampText), timestampText,
        text(node.get(DecisionLogFields.TIER)), allow != null && allow.isBoolean() ? allow.booleanValue() : null,
        text(node.get(DecisionLogFields.MODE)), text(node.get(DecisionLogFields.REASON)),
        text(node.get(DecisionLogFields.REQUEST_ID)), text(source.get(InputFields.SOURCE_NAMESPACE)),
        text(source.get(InputFields.SOURCE_POD)), text(source.get(InputFields.SOURCE_IP)),
        text(destination.get(InputFields.DEST_HOST)), text(destination.get(InputFields.DEST_PORT)));
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
