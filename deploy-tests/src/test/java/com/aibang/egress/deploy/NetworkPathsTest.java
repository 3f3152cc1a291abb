package com.aibang.egress.deploy;

import static com.aibang.egress.deploy.DeploymentNames.ALLOWED_NAMESPACE_LABEL;
import static com.aibang.egress.deploy.DeploymentNames.DNS_PORT;
import static com.aibang.egress.deploy.DeploymentNames.EDGE;
import static com.aibang.egress.deploy.DeploymentNames.EDGE_PARENT_CONFIG_MAP;
import static com.aibang.egress.deploy.DeploymentNames.NAMESPACE;
import static com.aibang.egress.deploy.DeploymentNames.NAMESPACE_NAME_LABEL;
import static com.aibang.egress.deploy.DeploymentNames.NAME_LABEL;
import static com.aibang.egress.deploy.DeploymentNames.POLICY_GRPC_PORT;
import static com.aibang.egress.deploy.DeploymentNames.POLICY_SERVICE;
import static com.aibang.egress.deploy.DeploymentNames.PROXY_PORT;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.deploy.NetworkPolicyEvaluator.Endpoint;
import com.aibang.egress.deploy.NetworkPolicyEvaluator.External;
import com.aibang.egress.deploy.NetworkPolicyEvaluator.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The NetworkPolicies of each overlay allow exactly the paths of the design: allowed namespaces to the edge,
 * the edge to the policy-service, DNS and tier 2, tier 2 to the policy-service; everything else denied.
 */
class NetworkPathsTest {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Documentation addresses (RFC 5737): modelled only, never contacted. */
    private static final External INTERNET = new External("203.0.113.7");
    private static final External UNKNOWN_VM = new External("10.255.255.254");

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void onlyTheDesignedPathsAreOpen(String overlay) {
        RenderedOverlay rendered = Kustomize.render(overlay);
        NetworkPolicyEvaluator network = new NetworkPolicyEvaluator(rendered.networkPolicies());
        Map<String, String> proxyNamespaceLabels = rendered.namespace(NAMESPACE).getMetadata().getLabels();

        Pod edge = podOf(rendered, EDGE, proxyNamespaceLabels);
        Pod policy = podOf(rendered, POLICY_SERVICE, proxyNamespaceLabels);
        Endpoint tier2 = tier2(rendered, proxyNamespaceLabels);
        Pod allowedClient = new Pod("api", Map.of(NAMESPACE_NAME_LABEL, "api", ALLOWED_NAMESPACE_LABEL, "true"),
                Map.of("app", "api"));
        Pod otherClient = new Pod("batch", Map.of(NAMESPACE_NAME_LABEL, "batch"), Map.of("app", "export"));
        Pod strangerInProxyNamespace = new Pod(NAMESPACE, proxyNamespaceLabels, Map.of("app", "debug-shell"));
        Pod prometheus = new Pod("gmp-system", Map.of(NAMESPACE_NAME_LABEL, "gmp-system"), Map.of("app", "collector"));
        Pod dns = new Pod("kube-system", Map.of(NAMESPACE_NAME_LABEL, "kube-system"), Map.of("k8s-app", "kube-dns"));

        List<String> wrong = new ArrayList<>();
        expect(wrong, network, true, "allowed namespace -> edge:3128", allowedClient, edge, "TCP", PROXY_PORT);
        expect(wrong, network, false, "allowed namespace -> edge management port", allowedClient, edge, "TCP", 8281);
        expect(wrong, network, false, "unlabelled namespace -> edge:3128", otherClient, edge, "TCP", PROXY_PORT);
        expect(wrong, network, false, "other pod in intra-proxy -> edge:3128", strangerInProxyNamespace, edge, "TCP", PROXY_PORT);

        expect(wrong, network, true, "managed Prometheus -> edge metrics", prometheus, edge, "TCP", 8281);
        expect(wrong, network, true, "managed Prometheus -> policy-service metrics", prometheus, policy, "TCP", 8181);
        expect(wrong, network, false, "managed Prometheus -> edge proxy port", prometheus, edge, "TCP", PROXY_PORT);

        expect(wrong, network, true, "edge -> policy-service gRPC", edge, policy, "TCP", POLICY_GRPC_PORT);
        expect(wrong, network, true, "edge -> DNS/UDP", edge, dns, "UDP", DNS_PORT);
        expect(wrong, network, true, "edge -> DNS/TCP", edge, dns, "TCP", DNS_PORT);
        expect(wrong, network, true, "edge -> tier 2:3128", edge, tier2, "TCP", PROXY_PORT);
        expect(wrong, network, false, "edge -> tier 2 on another port", edge, tier2, "TCP", 22);
        expect(wrong, network, false, "edge -> internet", edge, INTERNET, "TCP", 443);
        expect(wrong, network, false, "edge -> a client pod", edge, allowedClient, "TCP", 8080);

        expect(wrong, network, true, "tier 2 -> policy-service gRPC", tier2, policy, "TCP", POLICY_GRPC_PORT);
        expect(wrong, network, false, "unknown VM -> policy-service", UNKNOWN_VM, policy, "TCP", POLICY_GRPC_PORT);
        expect(wrong, network, false, "client pod -> policy-service", allowedClient, policy, "TCP", POLICY_GRPC_PORT);
        expect(wrong, network, false, "other pod in intra-proxy -> policy-service", strangerInProxyNamespace, policy,
                "TCP", POLICY_GRPC_PORT);
        expect(wrong, network, true, "policy-service -> DNS", policy, dns, "UDP", DNS_PORT);
        expect(wrong, network, false, "policy-service -> internet", policy, INTERNET, "TCP", 443);

        expect(wrong, network, false, "other pod in intra-proxy -> internet", strangerInProxyNamespace, INTERNET, "TCP", 443);
        expect(wrong, network, false, "client -> other pod in intra-proxy", allowedClient, strangerInProxyNamespace, "TCP", 8080);
        assertTrue(wrong.isEmpty(), overlay + ": NetworkPolicies do not match the design:\n  " + String.join("\n  ", wrong));
    }

    private static void expect(List<String> wrong, NetworkPolicyEvaluator network, boolean allowed, String path,
            Endpoint from, Endpoint to, String protocol, int port) {
        if (network.allows(from, to, protocol, port) != allowed) {
            wrong.add(path + " should be " + (allowed ? "allowed" : "denied"));
        }
    }

    private static Pod podOf(RenderedOverlay rendered, String deployment, Map<String, String> namespaceLabels) {
        Deployment d = rendered.one(Deployment.class, deployment);
        return new Pod(d.getMetadata().getNamespace(), namespaceLabels, d.getSpec().getTemplate().getMetadata().getLabels());
    }

    /** Tier 2 as the edge is configured to reach it: a VM address, or an in-cluster Service's pods. */
    private static Endpoint tier2(RenderedOverlay rendered, Map<String, String> namespaceLabels) {
        String host = rendered.configMap(EDGE_PARENT_CONFIG_MAP).getData().get("host");
        if (IPV4.matcher(host).matches()) {
            return new External(host);
        }
        String serviceName = host.split("\\.", 2)[0];
        Service service = rendered.one(Service.class, serviceName);
        Deployment backend = rendered.deployments().stream()
                .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                        .containsAll(service.getSpec().getSelector().entrySet()))
                .findFirst().orElseThrow(() -> new AssertionError("Service " + serviceName + " selects no Deployment"));
        assertTrue(backend.getSpec().getTemplate().getMetadata().getLabels().containsKey(NAME_LABEL));
        return new Pod(backend.getMetadata().getNamespace(), namespaceLabels, backend.getSpec().getTemplate().getMetadata().getLabels());
    }
}
