package com.aibang.egress.policyservice.rate;

import static com.aibang.egress.decisionlog.InputFields.*;

import java.util.Map;

/**
 * What a check is counted under. The source identity is the workload identity when the tier
 * knows it ("ns/<namespace>/sa/<service account>"), else the source IP ("ip/<ip>"); the tier is
 * part of the key because both tiers ask about the same client request. The destination is host:port.
 */
public record RateKeys(String source, String sourceDestination) {

    public static RateKeys of(Map<String, Object> input) {
        String tier = text(input.get(TIER), "none");
        Map<?, ?> source = input.get(SOURCE) instanceof Map<?, ?> map ? map : Map.of();
        Map<?, ?> destination = input.get(DESTINATION) instanceof Map<?, ?> map ? map : Map.of();
        String identity;
        if (source.get(SOURCE_NAMESPACE) instanceof String namespace && !namespace.isEmpty()) {
            identity = "ns/" + namespace + "/sa/" + text(source.get(SOURCE_SERVICE_ACCOUNT), "");
        } else {
            identity = "ip/" + text(source.get(SOURCE_IP), "unknown");
        }
        String sourceKey = tier + "|" + identity;
        String destinationKey = text(destination.get(DEST_HOST), "") + ":" + String.valueOf(destination.get(DEST_PORT));
        return new RateKeys(sourceKey, sourceKey + "|" + destinationKey);
    }

    private static String text(Object value, String absent) {
        return value instanceof String s && !s.isEmpty() ? s : absent;
    }
}
