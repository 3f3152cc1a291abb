package com.aibang.egress.policyservice.decision;

import static com.aibang.egress.decisionlog.InputFields.*;

import com.aibang.egress.decisionlog.InputFields;
import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Rego input document from a CheckRequest. Empty fields are omitted rather than sent
 * as "" or 0, so a policy sees "unknown" as undefined, the way the DESIGN.md contract says.
 */
public final class CheckInputBuilder {

    private CheckInputBuilder() {
    }

    public static Map<String, Object> build(CheckRequest request) {
        Map<String, Object> input = new LinkedHashMap<>();
        String tier = tierName(request);
        putIfPresent(input, TIER, tier);
        putIfPresent(input, REQUEST_ID, request.getRequestId());
        if (request.hasSource()) {
            putIfNotEmpty(input, SOURCE, source(request.getSource()));
        }
        if (request.hasDestination()) {
            putIfNotEmpty(input, DESTINATION, destination(request.getDestination()));
        }
        return input;
    }

    /** "edge", "egress", or "" for TIER_UNSPECIFIED and values this build does not know. */
    public static String tierName(CheckRequest request) {
        return switch (request.getTier()) {
            case TIER_EDGE -> InputFields.TIER_EDGE;
            case TIER_EGRESS -> InputFields.TIER_EGRESS;
            default -> "";
        };
    }

    private static Map<String, Object> source(Source source) {
        Map<String, Object> map = new LinkedHashMap<>();
        putIfPresent(map, SOURCE_IP, source.getIp());
        putIfPresent(map, SOURCE_NAMESPACE, source.getNamespace());
        putIfPresent(map, SOURCE_POD, source.getPod());
        putIfPresent(map, SOURCE_SERVICE_ACCOUNT, source.getServiceAccount());
        if (source.getLabelsCount() > 0) {
            map.put(SOURCE_LABELS, new LinkedHashMap<String, Object>(source.getLabelsMap()));
        }
        putIfPresent(map, SOURCE_AUTHENTICATED_BY, source.getAuthenticatedBy());
        putIfPresent(map, SOURCE_NODE, source.getNode());
        return map;
    }

    private static Map<String, Object> destination(Destination destination) {
        Map<String, Object> map = new LinkedHashMap<>();
        putIfPresent(map, DEST_HOST, destination.getHost());
        if (destination.getPort() != 0) {
            map.put(DEST_PORT, Integer.toUnsignedLong(destination.getPort()));
        }
        putIfPresent(map, DEST_METHOD, destination.getMethod());
        putIfPresent(map, DEST_SCHEME, destination.getScheme());
        putIfPresent(map, DEST_PATH, destination.getPath());
        if (destination.getResolvedIpsCount() > 0) {
            map.put(DEST_RESOLVED_IPS, List.<Object>copyOf(destination.getResolvedIpsList()));
        }
        putIfPresent(map, DEST_SNI, destination.getSni());
        return map;
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    private static void putIfNotEmpty(Map<String, Object> map, String key, Map<String, Object> value) {
        if (!value.isEmpty()) {
            map.put(key, value);
        }
    }
}
