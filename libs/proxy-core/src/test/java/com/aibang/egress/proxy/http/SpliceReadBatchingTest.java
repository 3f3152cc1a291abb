package com.aibang.egress.proxy.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.testing.OpenPipes;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.TestProxies;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A spliced tunnel direction waits for a batch of bytes before it wakes (a raised receive low-water mark): small
 * pieces after bulk must still arrive, in both directions, however long the tunnel then stays quiet. Real proxy,
 * real sockets on loopback; a piece held back for good fails the test through the sockets' read timeout.
 */
class SpliceReadBatchingTest {

    private static final int BULK = 8 << 20;
    private static final int ROUNDS = 50;
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    static PolicyServerDouble policy;
    static TestProxies proxy;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "splice needs the native epoll transport");
        System.setProperty(TunnelSplice.ENABLED_PROPERTY, "true");
        policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
        proxy = TestProxies.directEgress(policy.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
            policy.close();
        }
        System.clearProperty(TunnelSplice.ENABLED_PROPERTY);
    }

    @Test
    void smallPiecesAfterBulkArriveBothWays() throws Exception {
        try (ServerSocket origin = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
                RawHttp raw = new RawHttp(proxy.port())) {
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> bulkThenPingPong(origin));
            assertEquals(200, raw.send("CONNECT allowed.test:" + origin.getLocalPort() + " HTTP/1.1\r\n\r\n").read()
                    .status());
            long pipesBefore = OpenPipes.count();
            Socket socket = raw.socket();
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(pattern(BULK, 1));
            out.flush();
            byte[] download = in.readNBytes(BULK);
            long pipesAfterBulk = OpenPipes.count();
            assertArrayEquals(pattern(BULK, 2), download, "bulk download byte-exact");
            assertTrue(pipesAfterBulk >= pipesBefore + 2, "both directions spliced (" + pipesBefore + " pipes before, "
                    + pipesAfterBulk + " after the bulk)");
            for (int round = 0; round < ROUNDS; round++) {
                if (round % 10 == 9) {
                    Thread.sleep(20); // also after a quiet spell, when the mark is back to one byte
                }
                out.write(("ping" + round % 10).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertEquals("pong" + round % 10, new String(in.readNBytes(5), StandardCharsets.US_ASCII));
            }
            socket.shutdownOutput();
            assertTrue(raw.closedByPeer(), "the origin's close ends the tunnel");
            server.get(60, TimeUnit.SECONDS);
        }
    }

    /** Reads the bulk upload, sends the bulk download, then answers each 5-byte ping with a pong until the end. */
    private static void bulkThenPingPong(ServerSocket origin) {
        try (Socket accepted = origin.accept()) {
            accepted.setSoTimeout(READ_TIMEOUT_MILLIS);
            InputStream in = accepted.getInputStream();
            OutputStream out = accepted.getOutputStream();
            if (!Arrays.equals(pattern(BULK, 1), in.readNBytes(BULK))) {
                throw new IllegalStateException("bulk upload arrived altered");
            }
            out.write(pattern(BULK, 2));
            out.flush();
            for (byte[] ping = in.readNBytes(5); ping.length == 5; ping = in.readNBytes(5)) {
                out.write(("pong" + (char) ping[4]).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pattern(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed * 7 + (i >>> 12));
        }
        return bytes;
    }
}
