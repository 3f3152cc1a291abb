package com.aibang.egress.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads raw HTTP/1.1 heads off a socket stream, for tests that drive proxies and origins byte by byte. */
public final class HttpHeads {

    private HttpHeads() {
    }

    /** One head up to and including the blank line; fails when the stream ends first. */
    public static String readHead(InputStream in) throws IOException {
        String head = readHeadOrNull(in);
        if (head == null) {
            throw new IOException("connection closed before a head");
        }
        return head;
    }

    /** One head up to and including the blank line; null at end of stream before any byte. */
    public static String readHeadOrNull(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed inside a head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The head's Content-Length, or -1 when it has none. */
    public static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return -1;
    }
}
