package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.testing.TestProxies;
import com.aibang.egress.proxy.upstream.DirectRoute;
import org.junit.jupiter.api.Test;

/** After a policy-service outage the proxy answers again as soon as the service is back, not after gRPC's backoff. */
class PolicyRecoveryTest {

    /** Requests made while the service is down; enough for gRPC's exponential backoff to grow to seconds. */
    private static final int OUTAGE_REQUESTS = 25;
    /** Requests allowed after the restart before the proxy must answer 200 again. */
    private static final int RECOVERY_ATTEMPTS = 20;

    private static int status(int proxyPort, int upstreamPort) throws Exception {
        try (RawHttp raw = new RawHttp(proxyPort)) {
            return raw.send("GET http://allowed.test:" + upstreamPort + "/ HTTP/1.1\r\nHost: allowed.test\r\n\r\n")
                    .read().status();
        }
    }

    @Test
    void answersAgainPromptlyOnceThePolicyServiceReturnsOnTheSamePort() throws Exception {
        PolicyServerDouble policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
        int policyPort = policy.port();
        try (RecordingUpstream upstream = RecordingUpstream.http();
                TestProxies proxy = new TestProxies(ProxyTier.EGRESS, policyPort, new DirectRoute(),
                        SourceIdentityResolver.IP_ONLY)) {
            assertEquals(200, status(proxy.port(), upstream.port()));
            policy.stop();
            for (int i = 0; i < OUTAGE_REQUESTS; i++) {
                assertEquals(503, status(proxy.port(), upstream.port()), "fail closed during the outage");
                Thread.sleep(200);
            }
            policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start(policyPort);
            int last = 0;
            for (int attempt = 0; attempt < RECOVERY_ATTEMPTS && last != 200; attempt++) {
                last = status(proxy.port(), upstream.port());
                if (last != 200) {
                    Thread.sleep(100);
                }
            }
            assertEquals(200, last, "still refused after " + RECOVERY_ATTEMPTS + " attempts");
        } finally {
            policy.close();
        }
    }
}
