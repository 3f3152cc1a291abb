package com.aibang.egress.deploy;

import static com.aibang.egress.deploy.DeploymentNames.EDGE;
import static com.aibang.egress.deploy.DeploymentNames.EGRESS;
import static com.aibang.egress.deploy.DeploymentNames.POLICY_SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.ProxyHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.output.OutputFrame;

/**
 * The three images, built from their Dockerfiles, run as hardened containers (read-only root, tmpfs /tmp,
 * non-root, host networking on 127.0.0.1) and carry real requests: allowed ones reach a loopback upstream
 * through both tiers, denied ones are refused by tier 1 and never reach it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerChainIT {

    private static final String NAMESPACE = "deploy-test";
    private static final String ALLOWED_HOST = "upstream.deploy-test.internal";
    private static final String DENIED_HOST = "denied.deploy-test.internal";
    /** Allowed only after the policy update of the hot-reload test. */
    private static final String RELOADED_HOST = "reloaded.deploy-test.internal";

    private LoopbackUpstream upstream;
    private ContainerChain chain;
    private ConfigMapStyleDirectory policies;

    /** Allowlist data letting the test namespace reach the given hosts on the upstream's port. */
    private String allowlist(String... hosts) {
        StringBuilder yaml = new StringBuilder("namespaces:\n  " + NAMESPACE + ":\n    destinations:\n");
        StringBuilder internal = new StringBuilder();
        for (String host : hosts) {
            String entry = "  - host: " + host + "\n    ports: [" + upstream.port() + "]\n";
            yaml.append(entry.indent(4));
            internal.append(entry);
        }
        // The upstream listens on 127.0.0.1, which tier 2's SSRF guard refuses unless the policy declares it internal.
        return yaml.append("tier1_source_cidrs:\n  - 127.0.0.1/32\nexit_blocklist: []\ninternal_destinations:\n")
                .append(internal).toString();
    }

    @BeforeAll
    void startChain() throws IOException {
        DockerEngine.assumeAvailable();
        String baseImage = DockerEngine.baseImage();
        Path work = Files.createDirectories(RepoRoot.get().resolve("deploy-tests/target/container-chain"));
        // Readable by the containers' non-root user (temporary directories start as 0700).
        Path run = Files.createTempDirectory(work, "run-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        upstream = new LoopbackUpstream();
        chain = new ContainerChain(run);
        policies = chain.writePolicies(ContainerChain.policyFiles(allowlist(ALLOWED_HOST)));
        Path hosts = Files.writeString(run.resolve("hosts"),
                "127.0.0.1 " + ALLOWED_HOST + "\n127.0.0.1 " + DENIED_HOST + "\n127.0.0.1 " + RELOADED_HOST + "\n");
        Path edgeProperties = Files.writeString(run.resolve("edge.properties"), """
                edge.identities."127.0.0.1/32".namespace=%s
                edge.identities."127.0.0.1/32".service-account=deploy-test
                """.formatted(NAMESPACE));
        chain.start(baseImage, policies.root(), hosts, edgeProperties);
    }

    @AfterAll
    void stopChain() {
        if (chain != null) {
            chain.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void allowedRequestCrossesBothTiersAndNoProxyHeaderLeaks() throws Exception {
        HttpResponse<String> response = viaEdge("http://" + ALLOWED_HOST + ":" + upstream.port() + "/allowed");
        assertEquals(200, response.statusCode(), () -> "body: " + response.body());
        assertEquals(LoopbackUpstream.BODY_PREFIX + "/allowed", response.body());
        LoopbackUpstream.Seen seen = upstream.seen().stream().filter(s -> s.path().equals("/allowed")).findFirst()
                .orElseThrow(() -> new AssertionError("the upstream never saw /allowed"));
        Set<String> leaked = seen.headers().keySet().stream()
                .filter(h -> h.toLowerCase().startsWith("x-proxy-")).collect(Collectors.toSet());
        assertTrue(leaked.isEmpty(), "proxy headers reached the destination: " + leaked);
    }

    @Test
    void allowedConnectTunnelCarriesBytesThroughBothTiers() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", chain.edgePort), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String target = ALLOWED_HOST + ":" + upstream.port();
            out.write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String established = readHead(in);
            assertTrue(established.startsWith("HTTP/1.1 200"), "CONNECT answered: " + established);
            out.write(("GET /tunnelled HTTP/1.1\r\nHost: " + target + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("HTTP/1.1 200"), "through the tunnel: " + reply);
            assertTrue(reply.endsWith(LoopbackUpstream.BODY_PREFIX + "/tunnelled"), "through the tunnel: " + reply);
        }
    }

    @Test
    void decisionLogOnStdoutHasBothTiersJoinedByRequestId() throws Exception {
        assertEquals(200, viaEdge("http://" + ALLOWED_HOST + ":" + upstream.port() + "/logged").statusCode());
        // The log is written asynchronously: wait (bounded) until the egress entry has arrived.
        Optional<String> requestId = Optional.empty();
        boolean egressLogged = false;
        for (int attempt = 0; attempt < 100 && !egressLogged; attempt++) {
            List<JsonNode> entries = decisionLogEntries();
            requestId = entries.stream()
                    .filter(e -> "edge".equals(e.path("tier").asText()))
                    .filter(e -> "/logged".equals(e.path("input").path("destination").path("path").asText()))
                    .map(e -> e.path("request_id").asText()).findFirst();
            String id = requestId.orElse(null);
            egressLogged = id != null && entries.stream().anyMatch(e -> "egress".equals(e.path("tier").asText())
                    && id.equals(e.path("request_id").asText()) && e.path("allow").asBoolean());
            if (!egressLogged) {
                Thread.sleep(200);
            }
        }
        assertTrue(requestId.isPresent(), "no edge decision for /logged in the policy-service's stdout");
        assertTrue(egressLogged, "no allowed egress decision with request_id " + requestId.get());
    }

    @Test
    void policyUpdateSwappedInLikeAConfigMapIsAppliedWithoutRestart() throws Exception {
        String url = "http://" + RELOADED_HOST + ":" + upstream.port() + "/reloaded";
        assertEquals(403, viaEdge(url).statusCode(), "not allowed before the update");
        String startedAt = chain.policyService.getContainerInfo().getState().getStartedAt();

        policies.update(ContainerChain.policyFiles(allowlist(ALLOWED_HOST, RELOADED_HOST)));
        // The service notices the ..data swap by itself; wait (bounded) for the new revision to answer.
        int status = 403;
        for (int attempt = 0; attempt < 120 && status != 200; attempt++) {
            Thread.sleep(500);
            status = viaEdge(url).statusCode();
        }
        assertEquals(200, status, "the swapped-in policy was not applied within a minute");
        assertEquals(startedAt, chain.policyService.getCurrentContainerInfo().getState().getStartedAt(),
                "the policy-service restarted instead of reloading");
    }

    private List<JsonNode> decisionLogEntries() {
        ObjectMapper json = new ObjectMapper();
        return chain.policyService.getLogs(OutputFrame.OutputType.STDOUT).lines()
                .filter(line -> line.startsWith("{"))
                .map(line -> {
                    try {
                        return json.readTree(line);
                    } catch (IOException e) {
                        return json.nullNode();
                    }
                })
                .filter(JsonNode::isObject).toList();
    }

    @Test
    void deniedDestinationIsRefusedByTier1AndNeverReachesTheUpstream() throws Exception {
        HttpResponse<String> response = viaEdge("http://" + DENIED_HOST + ":" + upstream.port() + "/denied");
        assertEquals(403, response.statusCode(), () -> "body: " + response.body());
        assertEquals("edge", response.headers().firstValue(ProxyHeaders.TIER).orElse(""));
        assertTrue(response.headers().firstValue(ProxyHeaders.REASON).orElse("").contains(DENIED_HOST),
                () -> "reason: " + response.headers().firstValue(ProxyHeaders.REASON));
        assertTrue(upstream.seen().stream().noneMatch(s -> s.path().equals("/denied")), "a denied request reached the upstream");
    }

    @Test
    void containersRunAsNonRootOnAReadOnlyRootWithWritableTmp() throws Exception {
        for (HostNetworkContainer container : new HostNetworkContainer[] {chain.policyService, chain.egress, chain.edge}) {
            ExecResult uid = container.execInContainer("id", "-u");
            assertNotEquals("0", uid.getStdout().trim(), "container runs as root");
            assertEquals("10001", uid.getStdout().trim());
            ExecResult rootWrite = container.execInContainer("touch", "/deployments/written-at-runtime");
            assertNotEquals(0, rootWrite.getExitCode(), "the root filesystem is writable");
            assertTrue(rootWrite.getStderr().contains("Read-only file system"), rootWrite.getStderr());
            ExecResult tmpWrite = container.execInContainer("touch", "/tmp/scratch");
            assertEquals(0, tmpWrite.getExitCode(), "/tmp must be writable: " + tmpWrite.getStderr());
        }
    }

    @Test
    void containersAreConfiguredWithTheManifestsEnvironmentVariables() {
        RenderedOverlay local = Kustomize.render("local");
        for (String app : new String[] {POLICY_SERVICE, EGRESS, EDGE}) {
            Set<String> manifestNames = local.one(Deployment.class, app).getSpec().getTemplate().getSpec().getContainers()
                    .get(0).getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet());
            Set<String> used = chain.environments.get(app).keySet();
            assertTrue(used.containsAll(manifestNames), app + ": the manifests set " + manifestNames
                    + " but the container test sets " + used);
        }
    }

    private HttpResponse<String> viaEdge(String url) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", chain.edgePort)))
                .connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
