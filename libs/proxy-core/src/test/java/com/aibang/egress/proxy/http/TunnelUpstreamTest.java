package com.aibang.egress.proxy.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.TestProxies;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Direct tunnels, whose upstream connection starts without any HTTP handler (raw from the connect on): bytes the
 * destination sends before the client sends anything (a server-first protocol's banner, here sent even before the
 * CONNECT is answered) reach the client intact and in order, and such a tunnel still carries both ways.
 */
class TunnelUpstreamTest {

    private static final byte[] BANNER = "220 banner.test ESMTP ready\r\n".getBytes(StandardCharsets.US_ASCII);

    static PolicyServerDouble policy;
    static TestProxies proxy;

    @BeforeAll
    static void start() throws Exception {
        policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
        proxy = TestProxies.directEgress(policy.port());
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        policy.close();
    }

    @Test
    void bannerSentBeforeTheClientSpeaksArrivesWholeThenTheTunnelCarriesBothWays() throws Exception {
        try (ServerSocket origin = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
                RawHttp raw = new RawHttp(proxy.port())) {
            CompletableFuture<String> originSaw = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = origin.accept()) {
                    accepted.getOutputStream().write(BANNER);
                    accepted.getOutputStream().flush();
                    byte[] hello = accepted.getInputStream().readNBytes(5);
                    accepted.getOutputStream().write("250 ok\r\n".getBytes(StandardCharsets.US_ASCII));
                    return new String(hello, StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(200, raw.send("CONNECT allowed.test:" + origin.getLocalPort() + " HTTP/1.1\r\n\r\n").read()
                    .status());
            InputStream in = raw.socket().getInputStream();
            assertArrayEquals(BANNER, in.readNBytes(BANNER.length), "the banner, byte for byte, first");
            raw.send("EHLO ");
            assertEquals("EHLO ", originSaw.get(20, TimeUnit.SECONDS));
            assertEquals("250 ok\r\n", new String(in.readNBytes(8), StandardCharsets.US_ASCII));
            assertTrue(raw.closedByPeer(), "the origin's close ends the tunnel");
        }
    }
}
