package com.aibang.egress.e2e.faults;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A slowloris client: sends a request head one byte at a time and notes when and how the proxy ends the connection. */
final class SlowClient {
    /** How one slow connection ended. {@code status} is the proxy's answer (0 when it closed without one). */
    record Ending(int bytesSent, int headLength, boolean headCompleted, int status, boolean closed, long closedAfterMillis,
            String error) {
    }

    private static final int PROBE_MILLIS = 1;
    /** {@link #probe} found no byte waiting (distinct from -1, end of stream). */
    private static final int NOTHING = -2;
    private static final int CLOSE_WAIT_MILLIS = 10_000;

    private SlowClient() {
    }

    /** Dribbles {@code head} from {@code sourceIp} to 127.0.0.1:{@code port}, one byte per {@code gap}, until the proxy acts. */
    static Ending run(String sourceIp, int port, String head, Duration gap) {
        byte[] bytes = head.getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        int sent = 0;
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(sourceIp, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(PROBE_MILLIS);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            while (sent < bytes.length) {
                int first = probe(in);
                if (first != NOTHING) {
                    return ended(socket, first, sent, bytes.length, start);
                }
                out.write(bytes[sent++]);
                out.flush();
                Thread.sleep(gap.toMillis());
            }
            socket.setSoTimeout(CLOSE_WAIT_MILLIS);
            return ended(socket, in.read(), sent, bytes.length, start);
        } catch (IOException e) {
            // A reset while writing also means the proxy closed the connection.
            return new Ending(sent, bytes.length, false, 0, true, millisSince(start), e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ending(sent, bytes.length, false, 0, false, millisSince(start), "interrupted");
        }
    }

    private static int probe(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException nothingYet) {
            return NOTHING;
        }
    }

    /** The proxy answered ({@code first} is its first byte) or closed ({@code first} is -1). */
    private static Ending ended(Socket socket, int first, int sent, int headLength, long start) throws IOException {
        long answeredAfter = millisSince(start);
        if (first < 0) {
            return new Ending(sent, headLength, sent == headLength, 0, true, answeredAfter, null);
        }
        socket.setSoTimeout(CLOSE_WAIT_MILLIS);
        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) first}),
                socket.getInputStream());
        ProxyReply reply = ProxyReply.read(rest);
        boolean closed;
        try {
            while (rest.read() >= 0) {
                // the refusal's body, then the close
            }
            closed = true;
        } catch (SocketTimeoutException stillOpen) {
            closed = false;
        } catch (IOException reset) {
            closed = true;
        }
        return new Ending(sent, headLength, sent == headLength, reply.status(), closed, answeredAfter, null);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
