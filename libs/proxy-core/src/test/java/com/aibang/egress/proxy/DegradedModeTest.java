package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.policy.DegradedModeGate;
import com.aibang.egress.proxy.testing.AccessLogCapture;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.testing.TestProxies;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Degraded mode off: fail closed. On: a recent allow for the same caller and destination is reused, nothing else. */
class DegradedModeTest {

    private static int get(int proxyPort, String source, String host, int port) throws Exception {
        try (RawHttp raw = new RawHttp(source, proxyPort)) {
            return raw.send("GET http://" + host + ":" + port + "/ HTTP/1.1\r\nHost: " + host + "\r\n\r\n").read().status();
        }
    }

    private static TestProxies proxy(int policyPort, UnaryOperator<com.aibang.egress.proxy.policy.PolicyGate> wrapper)
            throws InterruptedException {
        return new TestProxies(ProxyTier.EDGE, policyPort, Duration.ofSeconds(10), wrapper, (gate, options) -> {
        });
    }

    @Test
    void offByDefaultRefusesWhenThePolicyServiceIsDown() throws Exception {
        PolicyServerDouble policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
        try (RecordingUpstream upstream = RecordingUpstream.http();
                TestProxies proxy = proxy(policy.port(), gate -> gate)) {
            assertEquals(200, get(proxy.port(), "127.0.0.2", "allowed.test", upstream.port()));
            policy.stop();
            assertEquals(503, get(proxy.port(), "127.0.0.2", "allowed.test", upstream.port()));
        } finally {
            policy.close();
        }
    }

    @Test
    void onReusesARecentAllowForTheSameCallerAndDestinationOnly() throws Exception {
        PolicyServerDouble policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
        try (RecordingUpstream upstream = RecordingUpstream.http();
                TestProxies proxy = proxy(policy.port(),
                        gate -> new DegradedModeGate(gate, Duration.ofMinutes(5), 1000, Clock.systemUTC()))) {
            assertEquals(200, get(proxy.port(), "127.0.0.2", "allowed.test", upstream.port()));
            policy.stop();
            AccessLogCapture log = new AccessLogCapture();
            try {
                assertEquals(200, get(proxy.port(), "127.0.0.2", "allowed.test", upstream.port()),
                        "same caller, same destination: the earlier allow is reused");
                assertEquals(503, get(proxy.port(), "127.0.0.3", "allowed.test", upstream.port()), "another caller");
                assertEquals(503, get(proxy.port(), "127.0.0.2", "xn--bcher-kva.test", upstream.port()),
                        "another destination");
                // The line may be queued just after the client has its response: wait for it while capturing.
                for (int i = 0; i < 500 && !reusedAllowLogged(log); i++) {
                    Thread.sleep(20);
                }
                assertTrue(reusedAllowLogged(log), log.lines().toString());
            } finally {
                log.close();
            }
            assertEquals(2, upstream.seen().size());
        } finally {
            policy.close();
        }
    }

    private static boolean reusedAllowLogged(AccessLogCapture log) {
        return log.lines().stream().anyMatch(line -> line.contains("\"decided_by\":\"cache\"")
                && line.contains("\"status\":200"));
    }

    @Test
    void anExpiredAllowIsNotReused() throws Exception {
        PolicyServerDouble policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
        MutableClock clock = new MutableClock();
        try (RecordingUpstream upstream = RecordingUpstream.http();
                TestProxies proxy = proxy(policy.port(),
                        gate -> new DegradedModeGate(gate, Duration.ofMinutes(5), 1000, clock))) {
            assertEquals(200, get(proxy.port(), "127.0.0.2", "allowed.test", upstream.port()));
            policy.stop();
            clock.advance(Duration.ofMinutes(6));
            assertEquals(503, get(proxy.port(), "127.0.0.2", "allowed.test", upstream.port()));
        } finally {
            policy.close();
        }
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }
}
