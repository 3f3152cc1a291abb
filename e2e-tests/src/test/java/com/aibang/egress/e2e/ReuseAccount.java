package com.aibang.egress.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the decision log says about one tier's requests for one path: the decisions the tier asked for and the reuse
 * entries (kind "reuse") the tier reported for those decisions.
 */
public record ReuseAccount(String tier, List<JsonNode> decisions, List<JsonNode> reuses) {

    /** The account of {@code tier} for requests to {@code path} among the decision log's {@code entries}. */
    public static ReuseAccount of(List<JsonNode> entries, String tier, String path) {
        List<JsonNode> decisions = entries.stream().filter(e -> !e.has("kind") && tier.equals(e.path("tier").asText())
                && path.equals(e.path("input").path("destination").path("path").asText())).toList();
        Set<String> decisionIds = new HashSet<>();
        decisions.forEach(d -> decisionIds.add(d.path("decision_id").asText()));
        List<JsonNode> reuses = entries.stream().filter(e -> "reuse".equals(e.path("kind").asText())
                && decisionIds.contains(e.path("decision_id").asText())).toList();
        return new ReuseAccount(tier, decisions, reuses);
    }

    /** Requests answered from the decision cache, as the reuse entries count them. */
    public long reused() {
        return reuses.stream().mapToLong(reuse -> reuse.path("reuse").path("count").asLong()).sum();
    }

    /**
     * Each of the {@code requests} sent is in the log once, as a decision of this tier or listed by a reuse entry of
     * this tier, and at least one was a reuse.
     */
    public void assertAccountsForEveryRequest(int requests) {
        List<String> requestIds = new ArrayList<>();
        decisions.forEach(d -> requestIds.add(d.path("request_id").asText()));
        for (JsonNode reuse : reuses) {
            reuse.path("reuse").path("request_ids").forEach(id -> requestIds.add(id.asText()));
            assertEquals(tier, reuse.path("tier").asText());
            assertEquals("decision-cache", reuse.path("decided_by").asText());
        }
        long reused = reused();
        assertTrue(reused > 0, tier + " reused no decision (the decision log has no reuse entry for it): "
                + decisions.size() + " decisions for " + requests + " requests");
        assertEquals(requests, decisions.size() + reused, tier + ": decisions plus reuses must account for every request");
        assertEquals(requests, new HashSet<>(requestIds).size(), tier + ": every request id listed once: " + requestIds);
    }
}
