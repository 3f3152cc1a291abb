package com.aibang.egress.rego.bundle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the base data document like OPA: each data file's content is placed at the path of its
 * directory relative to the bundle root ({@code allowlists/data.yaml} -> {@code data.allowlists}),
 * objects from different files are merged key by key, and two files defining the same key
 * (anything but two objects) is an error naming both files.
 */
final class DataMerger {

    private final Map<String, Object> root = new LinkedHashMap<>();
    /** Which file placed the value at a dotted path (only for values placed whole, not merged objects). */
    private final Map<String, String> owners = new HashMap<>();

    /** Adds one parsed file's content at its directory's path. */
    void add(BundleFile file, Object content) {
        if (content == null) {
            return;
        }
        List<String> path = new ArrayList<>();
        if (!file.directory().isEmpty()) {
            path.addAll(List.of(file.directory().split("/")));
        }
        if (path.isEmpty() && !(content instanceof Map)) {
            throw new PolicyBundleException(file.name() + ": data at the bundle root must be an object");
        }
        Map<String, Object> parent = root;
        StringBuilder dotted = new StringBuilder();
        for (int i = 0; i < path.size() - 1; i++) {
            appendSegment(dotted, path.get(i));
            parent = childObject(parent, path.get(i), dotted.toString(), file);
        }
        if (path.isEmpty()) {
            mergeObject(root, asObject(content), "", file);
        } else {
            String key = path.get(path.size() - 1);
            appendSegment(dotted, key);
            mergeValue(parent, key, content, dotted.toString(), file);
        }
    }

    Map<String, Object> result() {
        return root;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object value) {
        return (Map<String, Object>) value;
    }

    private Map<String, Object> childObject(Map<String, Object> parent, String key, String dotted, BundleFile file) {
        Object existing = parent.get(key);
        if (existing == null && !parent.containsKey(key)) {
            Map<String, Object> created = new LinkedHashMap<>();
            parent.put(key, created);
            return created;
        }
        if (existing instanceof Map) {
            return asObject(existing);
        }
        throw conflict(dotted, file);
    }

    private void mergeValue(Map<String, Object> parent, String key, Object value, String dotted, BundleFile file) {
        if (!parent.containsKey(key)) {
            parent.put(key, value);
            owners.put(dotted, file.name());
            return;
        }
        Object existing = parent.get(key);
        if (existing instanceof Map && value instanceof Map) {
            mergeObject(asObject(existing), asObject(value), dotted, file);
            return;
        }
        throw conflict(dotted, file);
    }

    private void mergeObject(Map<String, Object> target, Map<String, Object> source, String dotted, BundleFile file) {
        for (Map.Entry<String, Object> entry : source.entrySet()) {
            StringBuilder child = new StringBuilder(dotted);
            appendSegment(child, entry.getKey());
            mergeValue(target, entry.getKey(), entry.getValue(), child.toString(), file);
        }
    }

    private PolicyBundleException conflict(String dotted, BundleFile file) {
        return new PolicyBundleException("data conflict at data." + dotted + ": defined by both "
                + ownerOf(dotted) + " and " + file.name());
    }

    /** The file that placed this path or the nearest enclosing value; for a merged object, any file below it. */
    private String ownerOf(String dotted) {
        for (String candidate = dotted; !candidate.isEmpty(); candidate = parentOf(candidate)) {
            String owner = owners.get(candidate);
            if (owner != null) {
                return owner;
            }
        }
        return owners.entrySet().stream()
                .filter(e -> e.getKey().startsWith(dotted + "."))
                .map(Map.Entry::getValue)
                .sorted()
                .findFirst()
                .orElse("another data file");
    }

    private static String parentOf(String dotted) {
        int dot = dotted.lastIndexOf('.');
        return dot < 0 ? "" : dotted.substring(0, dot);
    }

    private static void appendSegment(StringBuilder dotted, String segment) {
        if (dotted.length() > 0) {
            dotted.append('.');
        }
        dotted.append(segment);
    }
}
