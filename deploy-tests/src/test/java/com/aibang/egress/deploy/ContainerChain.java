package com.aibang.egress.deploy;

import static com.aibang.egress.deploy.DeploymentNames.CONFIG_LOCATIONS_ENV;
import static com.aibang.egress.deploy.DeploymentNames.EDGE;
import static com.aibang.egress.deploy.DeploymentNames.EDGE_CONFIG_FILE;
import static com.aibang.egress.deploy.DeploymentNames.EGRESS;
import static com.aibang.egress.deploy.DeploymentNames.POLICY_DIR_ENV;
import static com.aibang.egress.deploy.DeploymentNames.POLICY_MOUNT;
import static com.aibang.egress.deploy.DeploymentNames.POLICY_SERVICE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * policy-service, egress-proxy (tier 2) and edge-proxy (tier 1) as containers built from their Dockerfiles,
 * configured through the environment variables and mounted files the Kubernetes manifests use. Everything
 * listens on 127.0.0.1 only (host networking), on free ports.
 */
final class ContainerChain implements AutoCloseable {

    /** Where the egress hosts file is mounted (EGRESS_HOSTS_FILE). */
    static final String HOSTS_FILE_MOUNT = "/etc/egress-proxy/hosts";
    /** The allowlist data file inside policies/. */
    static final String ALLOWLIST = "allowlists/data.yaml";

    /**
     * The first Check of a fresh JVM also opens the gRPC connection; on a loaded 2-core CI machine that can
     * take longer than the 500ms production default, which would turn the test's first request into a 503.
     */
    private static final String COLD_START_POLICY_DEADLINE = "10s";

    final int grpcPort = FreePort.next();
    final int egressPort = FreePort.next();
    final int edgePort = FreePort.next();
    private final int policyHttpPort = FreePort.next();
    private final int egressHttpPort = FreePort.next();
    private final int edgeHttpPort = FreePort.next();

    final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    private final List<String> images = new ArrayList<>();
    HostNetworkContainer policyService;
    HostNetworkContainer egress;
    HostNetworkContainer edge;
    private final Path work;

    ContainerChain(Path work) {
        this.work = work;
    }

    /** Every file of policies/ (as the ConfigMap mounts them), with the test's own allowlist instead of the real one. */
    static Map<String, String> policyFiles(String allowlistYaml) throws IOException {
        Path source = RepoRoot.get().resolve("policies");
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                files.put(source.relativize(file).toString().replace('\\', '/'), Files.readString(file));
            }
        }
        files.put(ALLOWLIST, allowlistYaml);
        return files;
    }

    /** The policies volume, laid out like a mounted ConfigMap so that updates arrive as the kubelet makes them. */
    ConfigMapStyleDirectory writePolicies(Map<String, String> files) throws IOException {
        return ConfigMapStyleDirectory.create(work.resolve("policies"), files);
    }

    void start(String baseImage, Path policies, Path hostsFile, Path edgeProperties) {
        Map<String, String> policyEnv = new LinkedHashMap<>();
        policyEnv.put(POLICY_DIR_ENV, POLICY_MOUNT);
        policyEnv.put("POLICY_GRPC_HOST", "127.0.0.1");
        policyEnv.put("POLICY_GRPC_PORT", String.valueOf(grpcPort));
        policyEnv.putAll(management(policyHttpPort));
        policyService = container(POLICY_SERVICE, baseImage, policyHttpPort, Set.of(grpcPort, policyHttpPort), policyEnv)
                .withReadOnlyMount(policies, POLICY_MOUNT);
        policyService.start();

        Map<String, String> egressEnv = new LinkedHashMap<>();
        egressEnv.put("EGRESS_LISTEN_HOST", "127.0.0.1");
        egressEnv.put("EGRESS_LISTEN_PORT", String.valueOf(egressPort));
        egressEnv.put("EGRESS_HOSTS_FILE", HOSTS_FILE_MOUNT);
        egressEnv.put("EGRESS_POLICY_DEADLINE", COLD_START_POLICY_DEADLINE);
        // Host networking: the edge container connects from loopback, outside the production default.
        egressEnv.put("EGRESS_ALLOWED_SOURCE_CIDRS", "127.0.0.0/8");
        egressEnv.putAll(policyClient());
        egressEnv.putAll(management(egressHttpPort));
        egress = container(EGRESS, baseImage, egressHttpPort, Set.of(egressPort, egressHttpPort), egressEnv)
                .withReadOnlyMount(hostsFile, HOSTS_FILE_MOUNT);
        egress.start();

        Map<String, String> edgeEnv = new LinkedHashMap<>();
        edgeEnv.put("EDGE_LISTEN_HOST", "127.0.0.1");
        edgeEnv.put("EDGE_LISTEN_PORT", String.valueOf(edgePort));
        edgeEnv.put("EDGE_PARENT_HOST", "127.0.0.1");
        edgeEnv.put("EDGE_PARENT_PORT", String.valueOf(egressPort));
        edgeEnv.put(CONFIG_LOCATIONS_ENV, EDGE_CONFIG_FILE);
        // No Kubernetes API here: callers are identified by the mounted CIDR map instead of the pod watch.
        edgeEnv.put("EDGE_KUBERNETES_ENABLED", "false");
        edgeEnv.put("EDGE_SHUTDOWN_DRAIN_TIMEOUT", "5s");
        edgeEnv.put("EDGE_POLICY_DEADLINE", COLD_START_POLICY_DEADLINE);
        edgeEnv.putAll(policyClient());
        edgeEnv.putAll(management(edgeHttpPort));
        edge = container(EDGE, baseImage, edgeHttpPort, Set.of(edgePort, edgeHttpPort), edgeEnv)
                .withReadOnlyMount(edgeProperties, EDGE_CONFIG_FILE);
        edge.start();
    }

    private HostNetworkContainer container(String app, String baseImage, int healthPort, Set<Integer> ports,
            Map<String, String> env) {
        environments.put(app, env);
        ImageFromDockerfile image = AppImage.of(app, baseImage);
        images.add(image.getDockerImageName());
        return new HostNetworkContainer(image, healthPort, ports, work.resolve(app + ".log")).withEnv(env);
    }

    private Map<String, String> policyClient() {
        return Map.of("QUARKUS_GRPC_CLIENTS_POLICY_HOST", "127.0.0.1",
                "QUARKUS_GRPC_CLIENTS_POLICY_PORT", String.valueOf(grpcPort));
    }

    private static Map<String, String> management(int port) {
        return Map.of("QUARKUS_HTTP_HOST", "127.0.0.1", "QUARKUS_HTTP_PORT", String.valueOf(port));
    }

    @Override
    public void close() {
        Stream.of(edge, egress, policyService).filter(Objects::nonNull).forEach(HostNetworkContainer::stop);
        // Without Ryuk nothing else removes the built images; the base image stays for the next run.
        for (String image : images) {
            try {
                DockerClientFactory.instance().client().removeImageCmd(image).withForce(true).exec();
            } catch (RuntimeException e) {
                // Never built (start failed earlier) or already gone.
            }
        }
    }
}
