package com.aibang.egress.proxy.http;

import static com.aibang.egress.proxy.testing.HttpHeads.contentLength;
import static com.aibang.egress.proxy.testing.HttpHeads.readHead;
import static com.aibang.egress.proxy.testing.HttpHeads.readHeadOrNull;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.ProxyTier;
import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.TestProxies;
import com.aibang.egress.proxy.upstream.DirectRoute;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A plain HTTP response with a large body is relayed byte-exact, and both the client connection and the
 * upstream connection then serve the next request (keep-alive on both sides).
 */
class LargeBodyKeepAliveTest {

    private static final int SIZE = 40 * 1024 * 1024;
    private static final byte[] SMALL = "small answer".getBytes(StandardCharsets.US_ASCII);

    static PolicyServerDouble policy;
    static TestProxies proxy;

    @BeforeAll
    static void start() throws Exception {
        policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
        proxy = new TestProxies(ProxyTier.EGRESS, policy.port(), new DirectRoute(), SourceIdentityResolver.IP_ONLY);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        policy.close();
    }

    @Test
    void largeBodyThenAnotherRequestOnTheSameConnections() throws Exception {
        AtomicInteger upstreamConnections = new AtomicInteger();
        try (ServerSocket origin = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
                Socket client = new Socket()) {
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> serve(origin, upstreamConnections));
            client.setSoTimeout(60_000);
            client.connect(new InetSocketAddress("127.0.0.1", proxy.port()));
            String base = "http://allowed.test:" + origin.getLocalPort();
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();

            out.write(("GET " + base + "/big HTTP/1.1\r\nHost: allowed.test\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertEquals(SIZE, contentLength(head));
            byte[] body = in.readNBytes(SIZE);
            assertArrayEquals(sha256(seeded(SIZE)), sha256(body), "the large body arrives byte-exact");

            out.write(("GET " + base + "/small HTTP/1.1\r\nHost: allowed.test\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String second = readHead(in);
            assertTrue(second.startsWith("HTTP/1.1 200"), second);
            assertEquals(SMALL.length, contentLength(second));
            assertArrayEquals(SMALL, in.readNBytes(SMALL.length), "the next request on the same connection works");

            client.shutdownOutput();
            assertEquals(2, served.get(30, TimeUnit.SECONDS), "both requests reached the origin");
            assertEquals(1, upstreamConnections.get(), "one upstream connection served both");
        }
    }

    /** A keep-alive origin: /big answers SIZE seeded bytes, anything else a short text; counts requests. */
    private static int serve(ServerSocket origin, AtomicInteger connections) {
        int requests = 0;
        try (Socket accepted = origin.accept()) {
            connections.incrementAndGet();
            InputStream in = accepted.getInputStream();
            OutputStream out = accepted.getOutputStream();
            for (String head = readHeadOrNull(in); head != null; head = readHeadOrNull(in)) {
                requests++;
                byte[] body = head.startsWith("GET /big ") ? seeded(SIZE) : SMALL;
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return requests;
    }

    private static byte[] seeded(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
