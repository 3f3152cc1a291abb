package com.aibang.egress.e2e.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends exact bytes to a proxy from a chosen loopback source address and collects what comes back. */
final class RawExchange {
    /**
     * How long the proxy may stay silent before we stop reading (not a check: the case's outcome decides).
     * Generous because an allowed case waits for two policy checks and the upstream, which on a loaded
     * 2-core machine took over 3 s; only the few cases the proxy leaves open pay the full wait.
     */
    private static final int QUIET_MILLIS = 8000;
    private static final int MAX_KEPT = 16384;

    /**
     * Everything the proxy answered.
     *
     * @param status status of the first response, -1 when none arrived
     * @param text the response bytes as ISO-8859-1 text (at most 16 KiB)
     */
    record Answer(int status, String text) {
    }

    private RawExchange() {
    }

    /**
     * Writes {@code request} (one byte per char) and reads until the proxy closes or stays quiet. A CONNECT
     * answered with 200 is left after the response head: the tunnel is open and nothing more will come.
     */
    static Answer send(String sourceIp, int proxyPort, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(sourceIp, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", proxyPort), 5000);
            socket.setSoTimeout(QUIET_MILLIS);
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            } catch (SocketException closedWhileWriting) {
                // The proxy may refuse and close before it read everything; the answer is what counts.
            }
            boolean tunnel = request.startsWith("CONNECT ");
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            readUntilDone(socket.getInputStream(), received, tunnel);
            String text = received.toString(StandardCharsets.ISO_8859_1);
            return new Answer(firstStatus(text), text);
        }
    }

    private static void readUntilDone(InputStream in, ByteArrayOutputStream received, boolean tunnel) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (received.size() < MAX_KEPT) {
                    received.write(buffer, 0, Math.min(n, MAX_KEPT - received.size()));
                }
                String soFar = received.toString(StandardCharsets.ISO_8859_1);
                if (tunnel && firstStatus(soFar) == 200 && soFar.contains("\r\n\r\n")) {
                    return;
                }
            }
        } catch (SocketTimeoutException | SocketException quietOrReset) {
            // Quiet for QUIET_MILLIS, or reset after a refusal: we have what was sent.
        }
    }

    private static int firstStatus(String text) {
        if (!text.startsWith("HTTP/1.") || text.length() < 12) {
            return -1;
        }
        try {
            return Integer.parseInt(text.substring(9, 12));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
