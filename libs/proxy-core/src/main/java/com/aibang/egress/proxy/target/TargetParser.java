package com.aibang.egress.proxy.target;

/** Parses the two request-target forms a forward proxy accepts: absolute-form and authority-form. */
public final class TargetParser {

    private static final String HTTP_SCHEME = "http://";

    private TargetParser() {
    }

    /** Parses {@code http://host[:port][/path][?query]} of a plain proxied request. */
    public static Target parseAbsolute(String uri) throws InvalidTargetException {
        rejectControlCharacters(uri);
        if (uri.startsWith("/") || uri.equals("*")) {
            throw new InvalidTargetException("origin-form request target sent to a proxy: " + uri);
        }
        if (!uri.regionMatches(true, 0, HTTP_SCHEME, 0, HTTP_SCHEME.length())) {
            throw new InvalidTargetException("only absolute http:// targets are proxied (use CONNECT for https): " + uri);
        }
        int authorityStart = HTTP_SCHEME.length();
        int authorityEnd = authorityStart;
        while (authorityEnd < uri.length() && "/?#".indexOf(uri.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String rest = uri.substring(authorityEnd);
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        if (rest.isEmpty()) {
            rest = "/";
        } else if (rest.startsWith("?")) {
            rest = "/" + rest;
        }
        HostPort hostPort = parseAuthority(uri.substring(authorityStart, authorityEnd), 80);
        return new Target(hostPort.host, hostPort.port, rest);
    }

    /** Parses the {@code host:port} of a CONNECT request; the port is mandatory. */
    public static Target parseConnect(String authority) throws InvalidTargetException {
        rejectControlCharacters(authority);
        HostPort hostPort = parseAuthority(authority, -1);
        return new Target(hostPort.host, hostPort.port, "");
    }

    /** Controls (NUL, CR, ...), space and DEL have no place in a URI and would reach the next hop verbatim. */
    private static void rejectControlCharacters(String target) throws InvalidTargetException {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                throw new InvalidTargetException(String.format(
                        "request target contains the control character 0x%02x at %d", (int) c, i));
            }
        }
    }

    private static HostPort parseAuthority(String authority, int defaultPort) throws InvalidTargetException {
        if (authority.isEmpty()) {
            throw new InvalidTargetException("missing host");
        }
        if (authority.indexOf('@') >= 0) {
            throw new InvalidTargetException("userinfo is not allowed in the request target");
        }
        String host;
        String portText;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new InvalidTargetException("unterminated IPv6 literal: " + authority);
            }
            host = authority.substring(0, close + 1);
            String after = authority.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw new InvalidTargetException("unexpected text after IPv6 literal: " + authority);
            }
            portText = after.isEmpty() ? null : after.substring(1);
        } else {
            int colon = authority.lastIndexOf(':');
            if (colon >= 0 && authority.indexOf(':') != colon) {
                throw new InvalidTargetException("IPv6 literal must be in brackets: " + authority);
            }
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        int port = parsePort(portText, defaultPort, authority);
        if (host.indexOf('%') >= 0) {
            throw new InvalidTargetException("percent-encoded or zoned hosts are not allowed: " + authority);
        }
        // No lower-casing here: it would alter the bytes of a raw UTF-8 name before the normaliser decodes them.
        return new HostPort(HostNormalizer.normalize(host), port);
    }

    private static int parsePort(String portText, int defaultPort, String authority) throws InvalidTargetException {
        if (portText == null || portText.isEmpty()) {
            if (defaultPort < 0) {
                throw new InvalidTargetException("port is required: " + authority);
            }
            return defaultPort;
        }
        if (portText.length() > 5 || !allDigits(portText)) {
            throw new InvalidTargetException("invalid port: " + authority);
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > 65535) {
            throw new InvalidTargetException("port out of range 1..65535: " + authority);
        }
        return port;
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private record HostPort(String host, int port) {
    }
}
