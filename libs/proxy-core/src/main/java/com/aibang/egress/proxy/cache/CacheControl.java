package com.aibang.egress.proxy.cache;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The directives of {@code Cache-Control} header values (RFC 9111 section 5.2), names lower-cased.
 *
 * @param directives name -> argument (empty when the directive has none), quotes removed
 */
record CacheControl(Map<String, String> directives) {

    static final String NO_STORE = "no-store";
    static final String NO_CACHE = "no-cache";
    static final String PRIVATE = "private";
    static final String PUBLIC = "public";
    static final String MAX_AGE = "max-age";
    static final String S_MAXAGE = "s-maxage";
    static final String MUST_REVALIDATE = "must-revalidate";
    static final String PROXY_REVALIDATE = "proxy-revalidate";
    static final String STALE_IF_ERROR = "stale-if-error";

    /** Parses every value of the header (several headers and comma lists alike). */
    static CacheControl parse(Iterable<String> values) {
        Map<String, String> directives = new LinkedHashMap<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                String directive = part.trim();
                if (directive.isEmpty()) {
                    continue;
                }
                int equals = directive.indexOf('=');
                String name = (equals < 0 ? directive : directive.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
                String argument = equals < 0 ? "" : directive.substring(equals + 1).replace("\"", "").trim();
                directives.putIfAbsent(name, argument);
            }
        }
        return new CacheControl(Map.copyOf(directives));
    }

    boolean has(String name) {
        return directives.containsKey(name);
    }

    /**
     * A delta-seconds argument; null when the directive is absent. An invalid argument counts as 0, so a
     * garbled max-age makes a response stale rather than fresh for ever.
     */
    Long seconds(String name) {
        String value = directives.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            return 0L;
        }
    }
}
