package com.aibang.egress.e2e.hostile;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One row of the hostile-input spec: what is sent, to which tier, by which client, and what must happen.
 * In {@code request}, {@code {P}} stands for the port every test upstream listens on, and {@code {LEN}} for the
 * length of the body (the bytes after the first empty line) once {@code {P}} is filled in.
 *
 * @param name short self-explaining id, unique per tier
 * @param tier the proxy the bytes are sent to
 * @param client raw socket bytes, or the curl binary with {@code request} as its URL
 * @param request the exact bytes (ISO-8859-1 per char) or, for curl, the URL
 * @param expect the status and what the upstreams may have seen
 */
record HostileCase(String name, Tier tier, Client client, String request, Expect expect) {

    /** Where the case is sent: tier 1 from a known pod address, or tier 2 directly from the tier-1 address. */
    enum Tier { EDGE, EGRESS }

    /** How the case is sent. */
    enum Client { RAW, CURL }

    /** The case sent to both tiers. */
    static List<HostileCase> both(String name, String request, Expect expect) {
        return List.of(new HostileCase(name, Tier.EDGE, Client.RAW, request, expect),
                new HostileCase(name, Tier.EGRESS, Client.RAW, request, expect));
    }

    /** A URL handed to curl (which applies its own URL parsing, as a real client would), sent to both tiers. */
    static List<HostileCase> curlBoth(String name, String url, Expect expect) {
        return List.of(new HostileCase(name, Tier.EDGE, Client.CURL, url, expect),
                new HostileCase(name, Tier.EGRESS, Client.CURL, url, expect));
    }

    /** Lines joined with CRLF, exactly as on the wire; an empty line ends the head. */
    static String http(String... lines) {
        return String.join("\r\n", lines);
    }

    /** The text's UTF-8 bytes as one char per byte, so raw non-ASCII bytes can be sent. */
    static String utf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The exact bytes to send: {@code {P}} and {@code {LEN}} filled in. */
    String requestFor(int port) {
        String filled = request.replace("{P}", String.valueOf(port));
        int headEnd = filled.indexOf("\r\n\r\n");
        return headEnd < 0 ? filled : filled.replace("{LEN}", String.valueOf(filled.length() - headEnd - 4));
    }

    /** Id for reports and the KNOWN_OPEN list: {@code name@TIER}. */
    String id() {
        return name + "@" + tier;
    }

    @Override
    public String toString() {
        return id();
    }
}
