package com.aibang.egress.policyservice.rate;

import java.util.LinkedHashMap;
import java.util.Map;

/** Checks in the last minute, this one included; becomes {@code input.rate}. */
public record RateCounts(long sourcePerMinute, long sourceDestinationPerMinute) {

    public static final String SOURCE_PER_MINUTE = "source_per_minute";
    public static final String SOURCE_DESTINATION_PER_MINUTE = "source_destination_per_minute";

    /** The {@code input.rate} object. */
    public Map<String, Object> toInput() {
        Map<String, Object> rate = new LinkedHashMap<>();
        rate.put(SOURCE_PER_MINUTE, sourcePerMinute);
        rate.put(SOURCE_DESTINATION_PER_MINUTE, sourceDestinationPerMinute);
        return rate;
    }
}
