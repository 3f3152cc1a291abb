package com.aibang.egress.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.policy.v1.CheckRequest;
import com.aibang.egress.policy.v1.Source;
import com.aibang.egress.proxy.ProxyHeaders;
import com.aibang.egress.proxy.testing.RawHttp;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Identity from the pod watch follows pods being created, re-created with the same IP, terminated and deleted;
 * a Bearer service-account token, checked by a TokenReview the test server answers, takes precedence.
 */
@QuarkusTest
@TestProfile(PodIdentityTest.PodWatchOn.class)
@WithKubernetesTestServer
@QuarkusTestResource(PolicyAndParentResource.class)
class PodIdentityTest {

    /** Turns the pod watch on. */
    public static class PodWatchOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edge.kubernetes.enabled", "true", "edge.kubernetes.token-review.enabled", "true");
        }
    }

    private static final String POD_IP = "127.0.0.5";

    @KubernetesTestServer
    KubernetesServer kubernetes;

    @Inject
    EdgeProxy proxy;

    @TestHTTPResource("/q/health/ready")
    URL ready;

    private static Pod pod(String namespace, String name, String serviceAccount, String phase) {
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .withUid(namespace + "-" + name + "-" + System.nanoTime()).withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().withServiceAccountName(serviceAccount).withNodeName("node-1").endSpec()
                .withNewStatus().withPhase(phase).withPodIP(POD_IP).endStatus().build();
    }

    /** Sends requests on one kept-alive connection until the policy sees a source matching the predicate. */
    private Source awaitSource(RawHttp connection, Predicate<Source> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Source last = null;
        while (System.nanoTime() < deadline) {
            connection.send("GET http://allowed.test/ HTTP/1.1\r\nHost: allowed.test\r\n\r\n");
            assertEquals(200, connection.read().status());
            List<CheckRequest> received = PolicyAndParentResource.policy.received();
            last = received.get(received.size() - 1).getSource();
            if (expected.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        List<CheckRequest> received = PolicyAndParentResource.policy.received();
        throw new AssertionError("policy never saw the expected source; last checks: "
                + received.subList(Math.max(0, received.size() - 3), received.size()));
    }

    @Test
    void identityFollowsPodChurnWhileTrafficFlows() throws Exception {
        KubernetesClient client = kubernetes.getClient();
        awaitReady();
        try (RawHttp connection = new RawHttp(POD_IP, proxy.boundAddress().getPort())) {
            Source unknown = awaitSource(connection, source -> true);
            assertEquals("loopback", unknown.getNamespace(), "no pod yet: the static CIDR map applies");

            client.pods().inNamespace("payments").resource(pod("payments", "api-1", "api", "Running")).create();
            Source first = awaitSource(connection, source -> source.getPod().equals("api-1"));
            assertEquals("payments", first.getNamespace());
            assertEquals("api", first.getServiceAccount());
            assertEquals("api-1", first.getLabelsOrThrow("app"));
            assertEquals("node-1", first.getNode());
            assertEquals("pod-ip", first.getAuthenticatedBy());

            client.pods().inNamespace("payments").withName("api-1").delete();
            Source afterDelete = awaitSource(connection, source -> source.getPod().isEmpty());
            assertEquals("loopback", afterDelete.getNamespace());

            client.pods().inNamespace("billing").resource(pod("billing", "worker-2", "worker", "Running")).create();
            Source reused = awaitSource(connection, source -> source.getPod().equals("worker-2"));
            assertEquals("billing", reused.getNamespace(), "the reused IP maps to the new pod");

            client.pods().inNamespace("billing").withName("worker-2")
                    .edit(pod -> new PodBuilder(pod).editStatus().withPhase("Succeeded").endStatus().build());
            assertEquals("loopback", awaitSource(connection, source -> source.getPod().isEmpty()).getNamespace(),
                    "a pod that stopped running drops out");

            // A finalizer keeps the deleted pod around, terminating (deletionTimestamp set), as during a grace period.
            Pod held = new PodBuilder(pod("payments", "api-3", "api", "Running")).editMetadata()
                    .withFinalizers("test.aibang.com/hold").endMetadata().build();
            client.pods().inNamespace("payments").resource(held).create();
            awaitSource(connection, source -> source.getPod().equals("api-3"));
            client.pods().inNamespace("payments").withName("api-3").delete();
            assertEquals("loopback", awaitSource(connection, source -> source.getPod().isEmpty()).getNamespace(),
                    "a terminating pod drops out at once");
            Pod terminating = client.pods().inNamespace("payments").withName("api-3").get();
            assertTrue(terminating != null && terminating.getMetadata().getDeletionTimestamp() != null,
                    "the pod still exists, terminating");
        }
    }

    @Test
    void bearerTokenIsReviewedCachedAndTakesPrecedence() throws Exception {
        AtomicInteger reviews = new AtomicInteger();
        kubernetes.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, request -> {
            reviews.incrementAndGet();
            boolean good = request.getUtf8Body().contains("good-token");
            return new TokenReviewBuilder().withNewStatus().withAuthenticated(good)
                    .withError(good ? null : "token expired")
                    .withNewUser().withUsername(good ? "system:serviceaccount:payments:api" : null)
                    .withExtra(good ? Map.of("authentication.kubernetes.io/pod-name", List.of("api-7d9")) : null)
                    .endUser().endStatus().build();
        }).always();
        awaitReady();
        int port = proxy.boundAddress().getPort();
        PolicyAndParentResource.policy.received().clear();
        PolicyAndParentResource.parent.seen().clear();
        for (int i = 0; i < 2; i++) {
            try (RawHttp raw = new RawHttp("127.0.0.7", port)) {
                RawHttp.Response response = raw.send("GET http://allowed.test/ HTTP/1.1\r\nHost: allowed.test\r\n"
                        + "Proxy-Authorization: Bearer good-token\r\n\r\n").read();
                assertEquals(200, response.status());
            }
        }
        Source source = PolicyAndParentResource.policy.received().get(0).getSource();
        assertEquals("payments", source.getNamespace());
        assertEquals("api", source.getServiceAccount());
        assertEquals("api-7d9", source.getPod());
        assertEquals("proxy-auth", source.getAuthenticatedBy());
        assertEquals("127.0.0.7", source.getIp());
        assertEquals(1, reviews.get(), "the second request reuses the cached review");
        assertTrue(PolicyAndParentResource.parent.seen().stream().noneMatch(seen -> seen.hasHeader("Proxy-Authorization")),
                "the caller's token never reaches the parent");

        try (RawHttp raw = new RawHttp("127.0.0.7", port)) {
            RawHttp.Response refused = raw.send("CONNECT allowed.test:443 HTTP/1.1\r\n"
                    + "Proxy-Authorization: Bearer stolen-token\r\n\r\n").read();
            assertEquals(407, refused.status());
            assertEquals("Bearer", refused.header("Proxy-Authenticate"));
            assertTrue(refused.header(ProxyHeaders.REASON).contains("token expired"), refused.header(ProxyHeaders.REASON));
        }
        assertEquals(2, PolicyAndParentResource.policy.received().size(), "an invalid token never reaches the policy");
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> response = null;
        for (int i = 0; i < 300; i++) {
            response = http.send(HttpRequest.newBuilder(URI.create(ready.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"pod-watch\""), response.body());
    }
}
