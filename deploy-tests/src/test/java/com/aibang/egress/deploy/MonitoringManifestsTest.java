package com.aibang.egress.deploy;

import static com.aibang.egress.deploy.DeploymentNames.EDGE;
import static com.aibang.egress.deploy.DeploymentNames.NAMESPACE;
import static com.aibang.egress.deploy.DeploymentNames.NAMESPACE_NAME_LABEL;
import static com.aibang.egress.deploy.DeploymentNames.POLICY_SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.deploy.NetworkPolicyEvaluator.Pod;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The GKE overlay's monitoring: managed Prometheus scrapes the metrics port of both in-cluster apps (and the
 * NetworkPolicies let it), and every alert rule is complete. MonitoringRulesIT (e2e-tests) checks the rules'
 * metric names against the running apps.
 */
class MonitoringManifestsTest {
    private static final String OVERLAY = "gke";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void managedPrometheusScrapesTheMetricsPortOfEachApp() {
        RenderedOverlay rendered = Kustomize.render(OVERLAY);
        List<GmpKinds.PodMonitoring> monitors = custom(rendered, "PodMonitoring", GmpKinds.PodMonitoring.class);
        NetworkPolicyEvaluator network = new NetworkPolicyEvaluator(rendered.networkPolicies());
        Map<String, String> namespaceLabels = rendered.namespace(NAMESPACE).getMetadata().getLabels();
        Pod collector = new Pod("gmp-system", Map.of(NAMESPACE_NAME_LABEL, "gmp-system"), Map.of("app", "collector"));

        Set<String> scraped = monitors.stream().flatMap(monitor -> rendered.deployments().stream()
                        .filter(d -> NetworkPolicyEvaluator.matches(monitor.spec().selector(), podLabels(d))))
                .map(d -> d.getMetadata().getName()).collect(Collectors.toSet());
        assertEquals(Set.of(EDGE, POLICY_SERVICE), scraped, "deployments selected by a PodMonitoring");

        for (GmpKinds.PodMonitoring monitor : monitors) {
            Deployment target = rendered.deployments().stream()
                    .filter(d -> NetworkPolicyEvaluator.matches(monitor.spec().selector(), podLabels(d)))
                    .findFirst().orElseThrow();
            assertFalse(monitor.spec().endpoints().isEmpty(), monitor.metadata().getName());
            for (GmpKinds.ScrapeEndpoint endpoint : monitor.spec().endpoints()) {
                assertEquals("/q/metrics", endpoint.path(), monitor.metadata().getName());
                int port = target.getSpec().getTemplate().getSpec().getContainers().stream()
                        .flatMap(c -> c.getPorts().stream()).filter(p -> endpoint.port().equals(p.getName()))
                        .map(ContainerPort::getContainerPort).findFirst()
                        .orElseThrow(() -> new AssertionError(monitor.metadata().getName() + " scrapes port '"
                                + endpoint.port() + "', which " + target.getMetadata().getName() + " does not name"));
                Pod pod = new Pod(NAMESPACE, namespaceLabels, podLabels(target));
                assertTrue(network.allows(collector, pod, "TCP", port),
                        "NetworkPolicies block managed Prometheus from " + target.getMetadata().getName() + ":" + port);
            }
        }
    }

    @Test
    void everyAlertHasAnExpressionASeverityAndASummary() {
        List<GmpKinds.Rules> rules = custom(Kustomize.render(OVERLAY), "Rules", GmpKinds.Rules.class);
        assertEquals(1, rules.size(), "one Rules object");
        List<GmpKinds.Rule> alerts = rules.get(0).spec().groups().stream().flatMap(g -> g.rules().stream()).toList();
        assertFalse(alerts.isEmpty());
        for (GmpKinds.Rule alert : alerts) {
            assertFalse(alert.alert() == null || alert.alert().isBlank(), "a rule without an alert name: " + alert);
            assertFalse(alert.expr() == null || alert.expr().isBlank(), alert.alert() + " has no expression");
            assertTrue(Set.of("critical", "warning").contains(alert.labels().get("severity")), alert.alert() + " severity");
            assertFalse(alert.annotations().getOrDefault("summary", "").isBlank(), alert.alert() + " summary");
        }
    }

    private static Map<String, String> podLabels(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }

    private static <T> List<T> custom(RenderedOverlay rendered, String kind, Class<T> type) {
        return rendered.all(GenericKubernetesResource.class).stream()
                .filter(r -> kind.equals(r.getKind()) && GmpKinds.API_VERSION.equals(r.getApiVersion()))
                .map(r -> JSON.convertValue(r, type)).toList();
    }
}
