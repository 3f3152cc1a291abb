package com.aibang.egress.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.policy.SourceIdentityResolver;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.testing.TestProxies;
import com.aibang.egress.proxy.upstream.DirectRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP version of a request line is case-sensitive (RFC 9112): {@code http/1.1} is refused, not normalised. */
class RequestLineVersionTest {

    static PolicyServerDouble policy;
    static RecordingUpstream upstream;
    static TestProxies proxy;

    @BeforeAll
    static void start() throws Exception {
        policy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start();
        upstream = RecordingUpstream.http();
        proxy = new TestProxies(ProxyTier.EDGE, policy.port(), new DirectRoute(), SourceIdentityResolver.IP_ONLY);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        upstream.close();
        policy.close();
    }

    private static RawHttp.Response send(String version, String path) throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            return raw.send("GET http://allowed.test:" + upstream.port() + path + " " + version
                    + "\r\nHost: allowed.test\r\n\r\n").read();
        }
    }

    @Test
    void lowerOrMixedCaseVersionsAreRefusedBeforeThePolicyIsAsked() throws Exception {
        for (String version : new String[] {"http/1.1", "Http/1.1", "http/1.0", "HTTP/1.1", "HTTP/1.0"}) {
            String path = "/v-" + version.replace('/', '-');
            RawHttp.Response response = send(version, path);
            boolean exact = version.startsWith("HTTP/");
            assertEquals(exact ? 200 : 400, response.status(), version);
            if (!exact) {
                assertTrue(response.header(ProxyHeaders.REASON).contains("case-sensitive"),
                        response.header(ProxyHeaders.REASON));
            }
            assertEquals(exact, upstream.seen().stream().anyMatch(seen -> seen.uri().equals(path)), version);
            assertEquals(exact, policy.received().stream().anyMatch(r -> r.getDestination().getPath().equals(path)),
                    version);
        }
    }

    @Test
    void aCaseSensitiveVersionCheckAlsoGuardsConnect() throws Exception {
        try (RawHttp raw = new RawHttp(proxy.port())) {
            assertEquals(400, raw.send("CONNECT allowed.test:" + upstream.port() + " http/1.1\r\n\r\n").read().status());
        }
    }
}
