package com.aibang.egress.proxy;

import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which access/audit line fields a policy's mask erases. The mask is the decision's {@code mask} list: JSON
 * pointers into the policy input (OPA's {@code system.log.mask} form, e.g. {@code /input/destination/path});
 * a pointer erases every line field that carries the value it names or a part of it. Pointers into parts the
 * lines never carry (e.g. {@code /input/rate}) erase nothing.
 */
public final class AccessMask {

    private static final String INPUT = "/input";

    /** Input pointer -> line fields holding that value (or a part of it); a pointer also covers everything below it. */
    private static final Map<String, List<String>> FIELDS = Map.ofEntries(
            Map.entry("/request_id", List.of(AccessLog.FIELD_REQUEST_ID)),
            Map.entry("/source/ip", List.of(AccessLog.FIELD_SOURCE)),
            Map.entry("/source/namespace", List.of(AccessLog.FIELD_NAMESPACE)),
            Map.entry("/source/service_account", List.of(AccessLog.FIELD_SERVICE_ACCOUNT)),
            Map.entry("/source/pod", List.of(AccessLog.FIELD_POD)),
            Map.entry("/source/labels", List.of(AccessLog.FIELD_LABELS)),
            Map.entry("/source/authenticated_by", List.of(AccessLog.FIELD_AUTHENTICATED_BY)),
            // host:port is one field: masking either part erases it, and the upstream/connected forms of it.
            Map.entry("/destination/host", List.of(AccessLog.FIELD_DESTINATION, AccessLog.FIELD_UPSTREAM,
                    AccessLog.FIELD_SNI)),
            Map.entry("/destination/port", List.of(AccessLog.FIELD_DESTINATION, AccessLog.FIELD_UPSTREAM,
                    AccessLog.FIELD_CONNECTED)),
            Map.entry("/destination/method", List.of(AccessLog.FIELD_METHOD)),
            Map.entry("/destination/path", List.of(AccessLog.FIELD_PATH)),
            Map.entry("/destination/resolved_ips", List.of(AccessLog.FIELD_RESOLVED, AccessLog.FIELD_CONNECTED)),
            Map.entry("/destination/sni", List.of(AccessLog.FIELD_SNI)));

    private AccessMask() {
    }

    /**
     * The line fields the pointers erase, sorted by name. A pointer names a field exactly or any part of
     * it ({@code /input/source/labels/team} erases the whole labels field); {@code /input/source} or
     * {@code /input} erase everything below them. Pointers outside {@code /input} erase nothing.
     */
    public static Set<String> fieldsErasedBy(List<String> pointers) {
        Set<String> fields = new TreeSet<>();
        for (String pointer : pointers) {
            if (pointer == null || !(pointer.equals(INPUT) || pointer.startsWith(INPUT + "/"))) {
                continue;
            }
            String path = pointer.substring(INPUT.length());
            FIELDS.forEach((known, erased) -> {
                if (covers(path, known) || covers(known, path)) {
                    fields.addAll(erased);
                }
            });
        }
        return fields;
    }

    /** True when {@code inner} is {@code outer} or lies below it. */
    private static boolean covers(String inner, String outer) {
        return inner.equals(outer) || inner.startsWith(outer + "/") || outer.isEmpty();
    }
}
