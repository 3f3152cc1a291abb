package com.aibang.egress.e2e.faults;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The head of a proxy's answer read off a raw socket: status code and headers (names lower-cased). */
public record ProxyReply(int status, Map<String, String> headers) {
    /** Proxy response headers the tests look at. */
    public static final String REASON_HEADER = "X-Proxy-Reason";
    public static final String TIER_HEADER = "X-Proxy-Tier";

    private static final int MAX_HEAD = 64 * 1024;

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Reads up to and including the blank line; fails with EOFException when the peer closes before a whole head. */
    public static ProxyReply read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after " + head.length() + " bytes of a response head: " + head);
            }
            head.append((char) b);
            if (head.length() > MAX_HEAD) {
                throw new IOException("response head longer than " + MAX_HEAD + " bytes");
            }
        }
        String[] lines = head.toString().split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP status line: " + lines[0]);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new ProxyReply(Integer.parseInt(statusLine[1]), headers);
    }

    /** Sends a CONNECT for {@code host:port} on an open socket's stream and reads the proxy's answer. */
    public static ProxyReply connect(Socket socket, String host, int port) throws IOException {
        String authority = host + ":" + port;
        socket.getOutputStream().write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return read(socket.getInputStream());
    }
}
