package com.aibang.egress.policyservice.decisionlog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the answer of a mask policy ({@code data.system.log.mask}, like OPA's) to a decision
 * before it is logged. The policy is queried with {@code {"input": <decision input>, "result":
 * <decision result>}} and answers a set whose members are either a path string
 * ({@code "/input/source/pod"}: erase that field) or {@code {"op": "upsert", "path": ..., "value": ...}}
 * (replace or add it; {@code "op": "remove"} erases). Paths start with /input or /result and name
 * object keys separated by '/'. The caller's documents are never modified: maps on a masked path are copied.
 */
public final class DecisionLogMask {

    private static final String INPUT = "input";
    private static final String RESULT = "result";

    private DecisionLogMask() {
    }

    /** Input and result as they are logged, with the paths that were erased and masked. */
    public record Outcome(Object input, Object result, List<String> erased, List<String> masked) {
    }

    /** The document the mask policy is queried with. */
    public static Map<String, Object> queryInput(Object input, Object result) {
        Map<String, Object> document = new LinkedHashMap<>();
        if (input != null) {
            document.put(INPUT, input);
        }
        if (result != null) {
            document.put(RESULT, result);
        }
        return document;
    }

    /** What {@link #paths} answers when the mask policy failed: nothing of the input or result may be shown. */
    public static final List<String> EVERYTHING = List.of("/" + INPUT, "/" + RESULT);

    /**
     * The JSON pointers the mask policy's answer names (erased or replaced), in its order without
     * duplicates, whether or not the field is present: what the proxies leave out of their own logs.
     *
     * @param rules the mask policy's answer; null = no mask policy (no paths)
     * @throws IllegalArgumentException for an answer {@link #apply} would refuse
     */
    public static List<String> paths(Object rules) {
        if (rules == null) {
            return List.of();
        }
        if (!(rules instanceof Collection<?> members)) {
            throw new IllegalArgumentException("mask policy must answer a set of paths or operations, got "
                    + rules.getClass().getSimpleName());
        }
        if (members.isEmpty()) {
            return List.of();
        }
        java.util.LinkedHashSet<String> paths = new java.util.LinkedHashSet<>();
        for (Object member : members) {
            String path;
            if (member instanceof String text) {
                path = text;
            } else if (member instanceof Map<?, ?> operation) {
                path = validOperationPath(operation);
            } else {
                throw new IllegalArgumentException("mask rule must be a path string or an object, got " + member);
            }
            keys(path);
            paths.add(path);
        }
        return List.copyOf(paths);
    }

    private static String validOperationPath(Map<?, ?> operation) {
        if (!(operation.get("path") instanceof String path)) {
            throw new IllegalArgumentException("mask operation needs a string \"path\": " + operation);
        }
        Object op = operation.get("op");
        if ("upsert".equals(op) && !operation.containsKey("value")) {
            throw new IllegalArgumentException("mask upsert needs a \"value\": " + operation);
        }
        if (!"upsert".equals(op) && !"remove".equals(op)) {
            throw new IllegalArgumentException("mask operation \"op\" must be upsert or remove: " + operation);
        }
        return path;
    }

    /**
     * @param rules the mask policy's answer (a set/array); null = no mask policy
     * @throws IllegalArgumentException for a rule that is not a path or a valid operation
     */
    public static Outcome apply(Object rules, Object input, Object result) {
        if (rules == null) {
            return new Outcome(input, result, List.of(), List.of());
        }
        if (!(rules instanceof Collection<?> members)) {
            throw new IllegalArgumentException("mask policy must answer a set of paths or operations, got "
                    + rules.getClass().getSimpleName());
        }
        if (members.isEmpty()) {
            // The usual answer: nothing to hide, nothing to copy.
            return new Outcome(input, result, List.of(), List.of());
        }
        Map<String, Object> root = queryInput(input, result);
        List<String> erased = new ArrayList<>();
        List<String> masked = new ArrayList<>();
        for (Object member : members) {
            if (member instanceof String path) {
                if (erase(root, keys(path))) {
                    erased.add(path);
                }
            } else if (member instanceof Map<?, ?> operation) {
                applyOperation(root, operation, erased, masked);
            } else {
                throw new IllegalArgumentException("mask rule must be a path string or an object, got " + member);
            }
        }
        return new Outcome(root.get(INPUT), root.get(RESULT), erased, masked);
    }

    private static void applyOperation(Map<String, Object> root, Map<?, ?> operation, List<String> erased,
            List<String> masked) {
        if (!(operation.get("path") instanceof String path)) {
            throw new IllegalArgumentException("mask operation needs a string \"path\": " + operation);
        }
        Object op = operation.get("op");
        if ("upsert".equals(op)) {
            if (!operation.containsKey("value")) {
                throw new IllegalArgumentException("mask upsert needs a \"value\": " + operation);
            }
            upsert(root, keys(path), operation.get("value"));
            masked.add(path);
        } else if ("remove".equals(op)) {
            if (erase(root, keys(path))) {
                erased.add(path);
            }
        } else {
            throw new IllegalArgumentException("mask operation \"op\" must be upsert or remove: " + operation);
        }
    }

    private static List<String> keys(String path) {
        if (!path.startsWith("/" + INPUT) && !path.startsWith("/" + RESULT)) {
            throw new IllegalArgumentException("mask path must start with /input or /result: " + path);
        }
        List<String> keys = List.of(path.substring(1).split("/", -1));
        if (keys.stream().anyMatch(String::isEmpty) || !(keys.get(0).equals(INPUT) || keys.get(0).equals(RESULT))) {
            throw new IllegalArgumentException("mask path is not /input/... or /result/...: " + path);
        }
        return keys;
    }

    private static boolean erase(Map<String, Object> root, List<String> keys) {
        Map<String, Object> parent = copiedParent(root, keys, false);
        if (parent == null || !parent.containsKey(last(keys))) {
            return false;
        }
        parent.remove(last(keys));
        return true;
    }

    private static void upsert(Map<String, Object> root, List<String> keys, Object value) {
        Map<String, Object> parent = copiedParent(root, keys, true);
        if (parent == null) {
            throw new IllegalArgumentException("mask upsert path runs through a value that is not an object: /"
                    + String.join("/", keys));
        }
        parent.put(last(keys), value);
    }

    /** Walks to the map holding the last key, replacing every map on the way by a copy. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> copiedParent(Map<String, Object> root, List<String> keys, boolean create) {
        Map<String, Object> current = root;
        for (String key : keys.subList(0, keys.size() - 1)) {
            Object next = current.get(key);
            Map<String, Object> copy;
            if (next instanceof Map<?, ?> map) {
                copy = new LinkedHashMap<>((Map<String, Object>) map);
            } else if (next == null && create) {
                copy = new LinkedHashMap<>();
            } else {
                return null;
            }
            current.put(key, copy);
            current = copy;
        }
        return current;
    }

    private static String last(List<String> keys) {
        return keys.get(keys.size() - 1);
    }
}
