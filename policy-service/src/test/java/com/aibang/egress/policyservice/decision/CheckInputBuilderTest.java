package com.aibang.egress.policyservice.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.Destination;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.policy.v1.Tier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckInputBuilderTest {

    @Test
    void mapsEveryFieldOfAFullRequest() {
        CheckRequest request = CheckRequest.newBuilder()
                .setTier(Tier.TIER_EGRESS)
                .setRequestId("req-1")
                .setSource(Source.newBuilder().setIp("10.4.2.7").setNamespace("payments").setPod("api-7d9")
                        .setServiceAccount("api").putLabels("app", "api").setAuthenticatedBy("pod-ip").setNode("n1"))
                .setDestination(Destination.newBuilder().setHost("login.microsoft.com").setPort(443)
                        .setMethod("CONNECT").setScheme("https").setPath("/x").addResolvedIps("20.190.1.1")
                        .setSni("login.microsoft.com"))
                .build();

        assertEquals(Map.of(
                "tier", "egress",
                "request_id", "req-1",
                "source", Map.of("ip", "10.4.2.7", "namespace", "payments", "pod", "api-7d9",
                        "service_account", "api", "labels", Map.of("app", "api"),
                        "authenticated_by", "pod-ip", "node", "n1"),
                "destination", Map.of("host", "login.microsoft.com", "port", 443L, "method", "CONNECT",
                        "scheme", "https", "path", "/x", "resolved_ips", List.of("20.190.1.1"),
                        "sni", "login.microsoft.com")), CheckInputBuilder.build(request));
    }

    @Test
    void omitsEmptyFieldsAndUnknownTier() {
        CheckRequest request = CheckRequest.newBuilder()
                .setSource(Source.newBuilder().setIp("127.0.0.2"))
                .setDestination(Destination.newBuilder().setHost("example.com"))
                .build();

        assertEquals(Map.of("source", Map.of("ip", "127.0.0.2"), "destination", Map.of("host", "example.com")),
                CheckInputBuilder.build(request));
    }

    @Test
    void omitsEmptySourceAndDestinationObjects() {
        CheckRequest request = CheckRequest.newBuilder().setTier(Tier.TIER_EDGE)
                .setSource(Source.getDefaultInstance()).build();

        assertEquals(Map.of("tier", "edge"), CheckInputBuilder.build(request));
    }
}
