package com.aibang.egress.proxy.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.AccessLog;
import com.aibang.egress.proxy.ProxyLimits;
import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.aibang.egress.proxy.testing.OpenPipes;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.TestProxies;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tunnels carrying many MiB through a real proxy on loopback, relayed with splice(2) and (property off)
 * through the JVM: byte-exact both ways, nothing lost when one side ends right after a large transfer
 * while the other still reads, exact byte counts in the access line, and the idle timeout. The spliced cases
 * check that pipes really opened, so a handler on the tunnel pipelines that splicing does not know (and so
 * waits for forever) fails them rather than silently keeping bulk tunnels in the JVM.
 */
class TunnelSpliceTest {

    private static final int MIB = 1 << 20;
    /** Idle timeout of the second proxy, the one the idle test uses (the bulk tests' proxy keeps the default). */
    private static final Duration IDLE = Duration.ofSeconds(2);

    static PolicyServerDouble policy;
    static TestProxies proxy;
    static TestProxies impatientProxy;
    /** Tunnels whose first client bytes went through the test inspector (it then leaves). */
    static final AtomicInteger inspected = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        // On before the proxies start: their connections must be level-triggered for splicing.
        System.setProperty(TunnelSplice.ENABLED_PROPERTY, "true");
        policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
        proxy = TestProxies.directEgress(policy.port(),
                (gate, options) -> options.inspector((target, entry) -> new FirstReadInspector()));
        ProxyLimits limits = new ProxyLimits(8192, 16384, 100, Duration.ofSeconds(10), IDLE, 0);
        impatientProxy = TestProxies.directEgress(policy.port(), (gate, options) -> options.limits(limits));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        impatientProxy.close();
        policy.close();
        System.clearProperty(TunnelSplice.ENABLED_PROPERTY);
    }

    @AfterEach
    void spliceBackOn() {
        System.setProperty(TunnelSplice.ENABLED_PROPERTY, "true");
    }

    /** Looks at the first client bytes like tier 2's SNI check does, then steps aside. */
    static final class FirstReadInspector extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            inspected.incrementAndGet();
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
        }
    }

    private static void splice(boolean on) {
        if (on) {
            Assumptions.assumeTrue(Epoll.isAvailable(), "splice needs the native epoll transport");
        }
        System.setProperty(TunnelSplice.ENABLED_PROPERTY, Boolean.toString(on));
    }

    @ParameterizedTest(name = "splice {0}")
    @ValueSource(booleans = {true, false})
    void echoCarriesManyMebibytesByteExactBothWays(boolean spliced) throws Exception {
        splice(spliced);
        int size = 24 * MIB;
        try (ServerSocket origin = loopbackServer(); AccessLogCapture log = new AccessLogCapture();
                RawHttp raw = new RawHttp(proxy.port())) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> echo(origin));
            assertEquals(200, raw.send("CONNECT allowed.test:" + origin.getLocalPort() + " HTTP/1.1\r\n\r\n").read()
                    .status());
            long pipesBefore = OpenPipes.count();
            int inspectedBefore = inspected.get();
            Socket socket = raw.socket();
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> writeSeeded(socket, 1, size));
            byte[] firstHalf = socket.getInputStream().readNBytes(size / 2);
            long pipesDuring = OpenPipes.count();
            byte[] secondHalf = socket.getInputStream().readNBytes(size - size / 2);
            upload.get(60, TimeUnit.SECONDS);
            assertArrayEquals(digestOfSeeded(1, size), digest(firstHalf, secondHalf));
            socket.shutdownOutput();
            assertTrue(raw.closedByPeer(), "the origin's close ends the tunnel");
            echo.get(30, TimeUnit.SECONDS);
            assertEquals(inspectedBefore + 1, inspected.get(), "the inspector saw the first bytes");
            if (spliced) {
                assertTrue(pipesDuring >= pipesBefore + 2, "splice pipes were open during the transfer ("
                        + pipesBefore + " before, " + pipesDuring + " during)");
            }
            String line = log.awaitLine("allowed.test:" + origin.getLocalPort());
            assertTrue(line.contains("\"" + AccessLog.FIELD_BYTES_UP + "\":" + size), line);
            assertTrue(line.contains("\"" + AccessLog.FIELD_BYTES_DOWN + "\":" + size), line);
        }
    }

    @ParameterizedTest(name = "splice {0}")
    @ValueSource(booleans = {true, false})
    void originClosingRightAfterALargeBodyLosesNothing(boolean spliced) throws Exception {
        splice(spliced);
        int size = 48 * MIB;
        try (ServerSocket origin = loopbackServer(); AccessLogCapture log = new AccessLogCapture();
                RawHttp raw = new RawHttp(proxy.port())) {
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try (Socket accepted = origin.accept()) {
                    // Reads the client's hello first, so the bytes move through the relay before the body starts.
                    accepted.getInputStream().readNBytes(5);
                    writeSeeded(accepted, 2, size);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(200, raw.send("CONNECT allowed.test:" + origin.getLocalPort() + " HTTP/1.1\r\n\r\n").read()
                    .status());
            raw.send("hello");
            // The client reads late and slowly: the origin's end arrives while much of the body waits in the proxy.
            Thread.sleep(300);
            InputStream in = raw.socket().getInputStream();
            byte[] body = in.readNBytes(size);
            sender.get(60, TimeUnit.SECONDS);
            assertEquals(size, body.length, "the whole body arrives");
            assertArrayEquals(digestOfSeeded(2, size), digest(body));
            assertTrue(raw.closedByPeer(), "then the tunnel ends");
            String line = log.awaitLine("allowed.test:" + origin.getLocalPort());
            assertTrue(line.contains("\"" + AccessLog.FIELD_BYTES_DOWN + "\":" + size), line);
            assertTrue(line.contains("\"" + AccessLog.FIELD_BYTES_UP + "\":5"), line);
        }
    }

    @ParameterizedTest(name = "splice {0}")
    @ValueSource(booleans = {true, false})
    void clientEndingRightAfterALargeUploadLosesNothing(boolean spliced) throws Exception {
        splice(spliced);
        int size = 48 * MIB;
        try (ServerSocket origin = loopbackServer(); RawHttp raw = new RawHttp(proxy.port())) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = origin.accept()) {
                    accepted.getOutputStream().write("ready".getBytes());
                    // Reads slowly at first, so the client's end arrives while the proxy still holds bytes.
                    Thread.sleep(300);
                    return digest(accepted.getInputStream().readAllBytes());
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(200, raw.send("CONNECT allowed.test:" + origin.getLocalPort() + " HTTP/1.1\r\n\r\n").read()
                    .status());
            raw.socket().getInputStream().readNBytes(5);
            writeSeeded(raw.socket(), 3, size);
            raw.socket().shutdownOutput();
            assertArrayEquals(digestOfSeeded(3, size), received.get(60, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest(name = "splice {0}")
    @ValueSource(booleans = {true, false})
    void busyTunnelOutlivesTheIdleTimeoutAndAnIdleOneIsClosed(boolean spliced) throws Exception {
        splice(spliced);
        try (ServerSocket origin = loopbackServer(); RawHttp raw = new RawHttp(impatientProxy.port())) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> echo(origin));
            assertEquals(200, raw.send("CONNECT allowed.test:" + origin.getLocalPort() + " HTTP/1.1\r\n\r\n").read()
                    .status());
            long pipesBefore = OpenPipes.count();
            // Enough first that both directions qualify for splicing; then only small pings keep the tunnel busy.
            CompletableFuture<Void> bulk = CompletableFuture.runAsync(() -> writeSeeded(raw.socket(), 4, MIB));
            assertArrayEquals(digestOfSeeded(4, MIB), digest(raw.socket().getInputStream().readNBytes(MIB)));
            bulk.get(30, TimeUnit.SECONDS);
            long pipesWhileBusy = OpenPipes.count();
            byte[] ping = new byte[1024];
            long busyUntil = System.nanoTime() + IDLE.multipliedBy(2).toNanos();
            while (System.nanoTime() < busyUntil) {
                raw.socket().getOutputStream().write(ping);
                assertEquals(ping.length, raw.socket().getInputStream().readNBytes(ping.length).length,
                        "the busy tunnel still echoes");
                Thread.sleep(IDLE.toMillis() / 20);
            }
            assertTrue(raw.closedByPeer(), "once idle, the tunnel is closed by the proxy");
            echo.get(30, TimeUnit.SECONDS);
            if (spliced) {
                // The tunnel's idle timer must not keep it from splicing (an unknown handler on a tunnel would).
                assertTrue(pipesWhileBusy >= pipesBefore + 2, "the busy tunnel was spliced (" + pipesBefore
                        + " pipes before, " + pipesWhileBusy + " while busy)");
            }
        }
    }

    private static ServerSocket loopbackServer() throws IOException {
        return new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    }

    /** Echoes one connection until its end of input, then closes it. */
    private static void echo(ServerSocket origin) {
        try (Socket accepted = origin.accept()) {
            InputStream in = accepted.getInputStream();
            OutputStream out = accepted.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeSeeded(Socket socket, long seed, int size) {
        Random random = new Random(seed);
        byte[] block = new byte[256 * 1024];
        try {
            OutputStream out = socket.getOutputStream();
            for (int left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, Math.min(left, block.length));
            }
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] digestOfSeeded(long seed, int size) {
        Random random = new Random(seed);
        MessageDigest digest = sha256();
        byte[] block = new byte[256 * 1024];
        for (int left = size; left > 0; left -= block.length) {
            random.nextBytes(block);
            digest.update(block, 0, Math.min(left, block.length));
        }
        return digest.digest();
    }

    private static byte[] digest(byte[]... parts) {
        MessageDigest digest = sha256();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
