package com.aibang.egress.policyservice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policyservice.engine.PolicyEvaluator.Evaluated;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The opa engine's failure paths against real sockets: every failure is an error the caller denies on. */
class OpaHttpEvaluatorTest {

    @Test
    void serverThatNeverAnswersTimesOut() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // socket closed at the end of the test
                }
            });
            acceptor.start();
            OpaHttpEvaluator opa = new OpaHttpEvaluator("http://127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(200));

            Evaluated evaluated = opa.evaluate("data.egress.decision", Map.of("tier", "edge"));

            assertTrue(evaluated.result().isEmpty());
            assertTrue(evaluated.error().contains("did not answer within 200 ms"), evaluated.error());
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void refusedConnectionIsAnError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Evaluated evaluated = new OpaHttpEvaluator("http://127.0.0.1:" + port, Duration.ofSeconds(2))
                .evaluate("data.egress.decision", null);

        assertTrue(evaluated.error().contains("unreachable"), evaluated.error());
    }

    @Test
    void referencesBecomeDataApiPaths() {
        assertEquals("egress/decision", OpaHttpEvaluator.urlPath("data.egress.decision"));
        assertEquals("", OpaHttpEvaluator.urlPath("data"));
        assertThrows(IllegalArgumentException.class, () -> new OpaHttpEvaluator("ftp://x", Duration.ofSeconds(1)));
    }
}
