package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.TestProxies;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The answer to an allowed CONNECT, written as constant bytes below the HTTP codec, is exactly the status line and
 * the empty line (nothing more, nothing lost), and the tunnel then relays both ways (the engine listens and connects
 * with IPv4 sockets here: an IPv4 listen address and destination).
 */
class TunnelAnswerTest {

    private static final byte[] ANSWER = "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void anAllowedConnectGetsExactlyTheStatusLineThenBytesFlowBothWays() throws Exception {
        try (PolicyServerDouble policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
                ServerSocket origin = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
                TestProxies proxy = new TestProxies(ProxyTier.EGRESS, policy.port(), Duration.ofSeconds(10),
                        (gate, options) -> { });
                Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            client.setSoTimeout(10_000);
            OutputStream toProxy = client.getOutputStream();
            InputStream fromProxy = client.getInputStream();
            toProxy.write(("CONNECT allowed.test:" + origin.getLocalPort() + " HTTP/1.1\r\nHost: allowed.test\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            toProxy.flush();
            assertArrayEquals(ANSWER, fromProxy.readNBytes(ANSWER.length));

            try (Socket accepted = origin.accept()) {
                accepted.setSoTimeout(10_000);
                // Sent only now: the first bytes after the answer must be the origin's, not anything of the answer.
                accepted.getOutputStream().write("origin-first".getBytes(StandardCharsets.US_ASCII));
                accepted.getOutputStream().flush();
                assertEquals("origin-first", new String(fromProxy.readNBytes(12), StandardCharsets.US_ASCII));
                toProxy.write("client-bytes".getBytes(StandardCharsets.US_ASCII));
                toProxy.flush();
                assertEquals("client-bytes", new String(accepted.getInputStream().readNBytes(12),
                        StandardCharsets.US_ASCII));
            }
            assertEquals(-1, fromProxy.read(), "the origin closed: so does the tunnel");
        }
    }
}
