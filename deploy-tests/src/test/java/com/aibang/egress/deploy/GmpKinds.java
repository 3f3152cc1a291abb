package com.aibang.egress.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;

/**
 * The Google Cloud Managed Prometheus kinds the deployment uses (monitoring.googleapis.com/v1), as far as we use
 * them: fabric8 has no model for them, so these records are the schema the strict parser holds them to.
 */
final class GmpKinds {
    static final String API_VERSION = "monitoring.googleapis.com/v1";

    private GmpKinds() {
    }

    /** Which pods GMP scrapes, and where. */
    record PodMonitoring(String apiVersion, String kind, ObjectMeta metadata, PodMonitoringSpec spec) {
    }

    record PodMonitoringSpec(LabelSelector selector, List<ScrapeEndpoint> endpoints) {
    }

    record ScrapeEndpoint(String port, String path, String interval) {
    }

    /** Alerting and recording rules GMP evaluates. */
    record Rules(String apiVersion, String kind, ObjectMeta metadata, RulesSpec spec) {
    }

    record RulesSpec(List<RuleGroup> groups) {
    }

    record RuleGroup(String name, String interval, List<Rule> rules) {
    }

    record Rule(String alert, String record, String expr, @JsonProperty("for") String forDuration,
            Map<String, String> labels, Map<String, String> annotations) {
    }
}
