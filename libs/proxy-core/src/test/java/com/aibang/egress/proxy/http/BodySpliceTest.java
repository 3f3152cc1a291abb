package com.aibang.egress.proxy.http;

import static com.aibang.egress.proxy.testing.HttpHeads.contentLength;
import static com.aibang.egress.proxy.testing.HttpHeads.readHead;
import static com.aibang.egress.proxy.testing.HttpHeads.readHeadOrNull;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.aibang.egress.proxy.testing.OpenPipes;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.SeededBytes;
import com.aibang.egress.proxy.testing.TestProxies;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Large plain-HTTP response bodies with a Content-Length through a real proxy on loopback, relayed with splice(2)
 * ({@link BodySplice}) and (property off) through the JVM: byte-exact, the next request on both connections
 * afterwards, an upstream that closes right after or in the middle of the body, a client that leaves mid-body,
 * and the access line's byte counts in each case.
 */
class BodySpliceTest {

    private static final int MIB = 1 << 20;
    private static final int SIZE = 16 * MIB;
    private static final long SEED = 7;
    private static final byte[] SMALL = "small answer".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern BYTES_DOWN = Pattern.compile("\"bytes_down\":(\\d+)");

    static PolicyServerDouble policy;
    static TestProxies proxy;

    @BeforeAll
    static void start() throws Exception {
        // On before the proxy starts: its connections must be level-triggered for splicing.
        System.setProperty(TunnelSplice.ENABLED_PROPERTY, "true");
        policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
        proxy = TestProxies.directEgress(policy.port());
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        policy.close();
        System.clearProperty(TunnelSplice.ENABLED_PROPERTY);
    }

    @AfterEach
    void spliceBackOn() {
        System.clearProperty(BodySplice.ENABLED_PROPERTY);
    }

    private static void splice(boolean on) {
        if (on) {
            Assumptions.assumeTrue(Epoll.isAvailable(), "splice needs the native epoll transport");
        }
        System.setProperty(BodySplice.ENABLED_PROPERTY, Boolean.toString(on));
    }

    @ParameterizedTest(name = "splice {0}")
    @ValueSource(booleans = {true, false})
    void largeBodyByteExactThenTheNextRequestOnBothConnections(boolean spliced) throws Exception {
        splice(spliced);
        AtomicInteger upstreamConnections = new AtomicInteger();
        try (ServerSocket origin = loopbackServer(); AccessLogCapture log = new AccessLogCapture();
                Socket client = connect()) {
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(
                    () -> serveKeepAlive(origin, upstreamConnections));
            String base = "http://allowed.test:" + origin.getLocalPort();
            InputStream in = client.getInputStream();
            long pipesBefore = OpenPipes.count();

            send(client, "GET " + base + "/big HTTP/1.1\r\nHost: allowed.test\r\n\r\n");
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertEquals(SIZE, contentLength(head));
            byte[] first = in.readNBytes(SIZE / 2);
            long pipesDuring = OpenPipes.count();
            byte[] second = in.readNBytes(SIZE - SIZE / 2);
            assertArrayEquals(SeededBytes.sha256(SEED, SIZE), digest(first, second), "the body arrives byte-exact");
            if (spliced) {
                assertTrue(pipesDuring > pipesBefore, "the body went through a pipe (splice)");
            } else {
                assertEquals(pipesBefore, pipesDuring, "no pipe without splicing");
            }

            send(client, "GET " + base + "/small HTTP/1.1\r\nHost: allowed.test\r\n\r\n");
            String next = readHead(in);
            assertTrue(next.startsWith("HTTP/1.1 200"), next);
            assertArrayEquals(SMALL, in.readNBytes(contentLength(next)), "the next request on the same connection");

            client.shutdownOutput();
            assertEquals(2, served.get(30, TimeUnit.SECONDS), "both requests reached the origin");
            assertEquals(1, upstreamConnections.get(), "one upstream connection served both");
            String line = log.awaitLine("\"path\":\"/big\"");
            assertEquals(SIZE, bytesDown(line), line);
            assertTrue(line.contains("\"end\":\"completed\""), line);
        }
    }

    @Test
    void upstreamClosingRightAfterTheBodyStillDeliversAllOfIt() throws Exception {
        splice(true);
        int size = MIB; // small enough for the socket buffers to hold it all while the client does not read
        try (ServerSocket origin = loopbackServer(); AccessLogCapture log = new AccessLogCapture();
                Socket client = connect()) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> serveOnceAndClose(origin, size, size));
            String base = "http://allowed.test:" + origin.getLocalPort();
            InputStream in = client.getInputStream();
            send(client, "GET " + base + "/big HTTP/1.1\r\nHost: allowed.test\r\n\r\n");
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            // The origin has sent everything and closed before the client reads on: most of it is still queued.
            served.get(30, TimeUnit.SECONDS);
            Thread.sleep(200);
            assertArrayEquals(SeededBytes.sha256(SEED, size), digest(in.readNBytes(size)), "the whole body arrives");

            CompletableFuture<Integer> again = CompletableFuture.supplyAsync(
                    () -> serveKeepAlive(origin, new AtomicInteger()));
            send(client, "GET " + base + "/small HTTP/1.1\r\nHost: allowed.test\r\n\r\n");
            String next = readHead(in);
            assertTrue(next.startsWith("HTTP/1.1 200"), next);
            assertArrayEquals(SMALL, in.readNBytes(contentLength(next)), "the client connection stays usable");
            client.shutdownOutput();
            assertEquals(1, again.get(30, TimeUnit.SECONDS));
            String line = log.awaitLine("\"path\":\"/big\"");
            assertEquals(size, bytesDown(line), line);
            assertTrue(line.contains("\"end\":\"completed\""), line);
        }
    }

    @Test
    void upstreamClosingMidBodyEndsTheClientConnectionAndIsLogged() throws Exception {
        splice(true);
        int sent = 3 * MIB + 123;
        try (ServerSocket origin = loopbackServer(); AccessLogCapture log = new AccessLogCapture();
                Socket client = connect()) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> serveOnceAndClose(origin, SIZE, sent));
            String base = "http://allowed.test:" + origin.getLocalPort();
            InputStream in = client.getInputStream();
            send(client, "GET " + base + "/big HTTP/1.1\r\nHost: allowed.test\r\n\r\n");
            assertTrue(readHead(in).startsWith("HTTP/1.1 200"));
            byte[] body = in.readAllBytes(); // until the proxy closes the connection
            served.get(30, TimeUnit.SECONDS);
            assertEquals(sent, body.length, "what the origin sent, then the end of the connection");
            String line = log.awaitLine("\"path\":\"/big\"");
            assertEquals(sent, bytesDown(line), line);
            assertTrue(line.contains("aborted"), line);
        }
    }

    @Test
    void clientLeavingMidBodyIsLoggedAndTheProxyGoesOn() throws Exception {
        splice(true);
        int size = 64 * MIB;
        try (ServerSocket origin = loopbackServer(); AccessLogCapture log = new AccessLogCapture()) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> serveOnceAndClose(origin, size, size));
            String base = "http://allowed.test:" + origin.getLocalPort();
            try (Socket client = connect()) {
                send(client, "GET " + base + "/big HTTP/1.1\r\nHost: allowed.test\r\n\r\n");
                InputStream in = client.getInputStream();
                assertTrue(readHead(in).startsWith("HTTP/1.1 200"));
                in.readNBytes(MIB);
            }
            String line = log.awaitLine("\"path\":\"/big\"");
            assertTrue(line.contains("client closed"), line);
            long down = bytesDown(line);
            assertTrue(down >= MIB && down < size, line);
            served.exceptionally(failure -> null).get(30, TimeUnit.SECONDS); // the origin's writes fail: expected

            try (Socket client = connect()) {
                CompletableFuture<Integer> again = CompletableFuture.supplyAsync(
                        () -> serveKeepAlive(origin, new AtomicInteger()));
                send(client, "GET " + base + "/small HTTP/1.1\r\nHost: allowed.test\r\n\r\n");
                String next = readHead(client.getInputStream());
                assertTrue(next.startsWith("HTTP/1.1 200"), next);
                assertArrayEquals(SMALL, client.getInputStream().readNBytes(contentLength(next)));
                client.shutdownOutput();
                assertEquals(1, again.get(30, TimeUnit.SECONDS));
            }
        }
    }

    private static ServerSocket loopbackServer() throws IOException {
        return new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    }

    private static Socket connect() throws IOException {
        Socket client = new Socket();
        client.setSoTimeout(60_000);
        client.connect(new InetSocketAddress("127.0.0.1", proxy.port()));
        return client;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** A keep-alive origin: /big answers SIZE seeded bytes, anything else a short text; counts requests. */
    private static int serveKeepAlive(ServerSocket origin, AtomicInteger connections) {
        int requests = 0;
        try (Socket accepted = origin.accept()) {
            connections.incrementAndGet();
            InputStream in = accepted.getInputStream();
            OutputStream out = accepted.getOutputStream();
            for (String head = readHeadOrNull(in); head != null; head = readHeadOrNull(in)) {
                requests++;
                if (head.startsWith("GET /big ")) {
                    writeHead(out, SIZE, false);
                    SeededBytes.write(out, SEED, SIZE);
                } else {
                    writeHead(out, SMALL.length, false);
                    out.write(SMALL);
                }
                out.flush();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return requests;
    }

    /** One response announcing {@code announced} bytes; sends {@code sent} of them and closes. */
    private static void serveOnceAndClose(ServerSocket origin, int announced, int sent) {
        try (Socket accepted = origin.accept()) {
            readHeadOrNull(accepted.getInputStream());
            OutputStream out = accepted.getOutputStream();
            writeHead(out, announced, true);
            SeededBytes.write(out, SEED, sent);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeHead(OutputStream out, int length, boolean close) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n" + (close ? "Connection: close\r\n" : "")
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] digest(byte[]... parts) throws Exception {
        MessageDigest digest = SeededBytes.newSha256();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    private static long bytesDown(String line) {
        Matcher matcher = BYTES_DOWN.matcher(line);
        assertTrue(matcher.find(), line);
        return Long.parseLong(matcher.group(1));
    }
}
