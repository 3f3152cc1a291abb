package com.aibang.egress.e2e.monitoring;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sample names of a Prometheus text exposition with the label names seen on each. */
final class MetricsExposition {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})?\\s", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    private final Map<String, Set<String>> labelsBySample = new LinkedHashMap<>();

    /** Adds every sample of one app's /q/metrics answer. */
    void add(String exposition) {
        Matcher sample = SAMPLE.matcher(exposition);
        while (sample.find()) {
            Set<String> labels = labelsBySample.computeIfAbsent(sample.group(1), name -> new LinkedHashSet<>());
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
    }

    boolean has(String sample) {
        return labelsBySample.containsKey(sample);
    }

    Set<String> labels(String sample) {
        return labelsBySample.getOrDefault(sample, Set.of());
    }

    Set<String> samples() {
        return labelsBySample.keySet();
    }
}
