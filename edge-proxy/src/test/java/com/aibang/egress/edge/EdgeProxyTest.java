package com.aibang.egress.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.Tier;
import com.aibang.egress.proxy.ProxyHeaders;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Boots the edge app and sends real requests from distinct loopback sources through it. */
@QuarkusTest
@QuarkusTestResource(PolicyAndParentResource.class)
class EdgeProxyTest {

    @Inject
    EdgeProxy proxy;

    @BeforeEach
    void clear() {
        PolicyAndParentResource.policy.received().clear();
        PolicyAndParentResource.parent.seen().clear();
    }

    @Test
    void allowedRequestGoesToTheParentWithIdentityAndRequestId() throws Exception {
        try (RawHttp raw = new RawHttp("127.0.0.2", proxy.boundAddress().getPort())) {
            RawHttp.Response response = raw.send("GET http://Allowed.TEST/page HTTP/1.1\r\nHost: allowed.test\r\n"
                    + "X-Proxy-Request-Id: spoofed\r\n\r\n").read();
            assertEquals(200, response.status());
            assertEquals(RecordingUpstream.HELLO, response.body());
        }
        CheckRequest check = PolicyAndParentResource.policy.received().get(0);
        assertEquals(Tier.TIER_EDGE, check.getTier());
        assertEquals("127.0.0.2", check.getSource().getIp());
        assertEquals("payments", check.getSource().getNamespace());
        assertEquals("api", check.getSource().getServiceAccount());
        assertEquals("api", check.getSource().getLabelsOrThrow("app"));
        assertEquals("static-cidr", check.getSource().getAuthenticatedBy());
        assertEquals("allowed.test", check.getDestination().getHost());

        RecordingUpstream.Seen atParent = PolicyAndParentResource.parent.seen().get(0);
        assertEquals("http://allowed.test/page", atParent.uri(), "parent gets absolute-form");
        List<String> requestId = atParent.header(ProxyHeaders.REQUEST_ID);
        assertEquals(List.of(check.getRequestId()), requestId, "parent gets the edge's request id, not the client's");
    }

    @Test
    void deniedTunnelIsRefusedByTier1() throws Exception {
        try (RawHttp raw = new RawHttp("127.0.0.3", proxy.boundAddress().getPort())) {
            RawHttp.Response response = raw.send("CONNECT denied.test:443 HTTP/1.1\r\nHost: denied.test:443\r\n\r\n").read();
            assertEquals(403, response.status());
            assertEquals("edge", response.header(ProxyHeaders.TIER));
            assertEquals("destination denied.test is not allowed", response.header(ProxyHeaders.REASON));
        }
        CheckRequest check = PolicyAndParentResource.policy.received().get(0);
        assertEquals("loopback", check.getSource().getNamespace(), "less specific CIDR applies to 127.0.0.3");
        assertTrue(PolicyAndParentResource.parent.seen().isEmpty());
    }
}
