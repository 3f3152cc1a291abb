package com.aibang.egress.deploy;

import static com.aibang.egress.deploy.DeploymentNames.EDGE;
import static com.aibang.egress.deploy.DeploymentNames.NAMESPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay renders hardened, probed, resource-limited workloads, and Services that reach them. */
class WorkloadManifestsTest {

    private static final String DRAIN_TIMEOUT_ENV = "EDGE_SHUTDOWN_DRAIN_TIMEOUT";

    static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " does not set " + name));
    }

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyObjectLivesInTheProxyNamespace(String overlay) {
        RenderedOverlay rendered = Kustomize.render(overlay);
        rendered.namespace(NAMESPACE);
        for (HasMetadata object : rendered.objects()) {
            String namespace = object.getMetadata().getNamespace();
            boolean clusterScoped = object.getKind().startsWith("Cluster") || object.getKind().equals("Namespace");
            assertTrue(clusterScoped || NAMESPACE.equals(namespace),
                    overlay + ": " + object.getKind() + " " + object.getMetadata().getName() + " is in " + namespace);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyContainerHasResourcesProbesAndANonRootReadOnlyContext(String overlay) {
        RenderedOverlay rendered = Kustomize.render(overlay);
        assertFalse(rendered.deployments().isEmpty(), overlay + " renders no Deployment");
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : rendered.deployments()) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            for (Container container : pod.getContainers()) {
                String where = deployment.getMetadata().getName() + "/" + container.getName() + ": ";
                Map<String, ?> requests = container.getResources() == null ? null : container.getResources().getRequests();
                Map<String, ?> limits = container.getResources() == null ? null : container.getResources().getLimits();
                for (String resource : List.of("cpu", "memory")) {
                    if (requests == null || !requests.containsKey(resource)) {
                        problems.add(where + "no " + resource + " request");
                    }
                    if (limits == null || !limits.containsKey(resource)) {
                        problems.add(where + "no " + resource + " limit");
                    }
                }
                if (container.getReadinessProbe() == null) {
                    problems.add(where + "no readiness probe");
                }
                if (container.getLivenessProbe() == null) {
                    problems.add(where + "no liveness probe");
                }
                problems.addAll(securityProblems(where, pod.getSecurityContext(), container.getSecurityContext()));
            }
        }
        assertTrue(problems.isEmpty(), overlay + ":\n  " + String.join("\n  ", problems));
    }

    private static List<String> securityProblems(String where, PodSecurityContext pod, SecurityContext container) {
        List<String> problems = new ArrayList<>();
        if (container == null) {
            return List.of(where + "no securityContext");
        }
        Boolean nonRoot = container.getRunAsNonRoot() != null ? container.getRunAsNonRoot()
                : pod == null ? null : pod.getRunAsNonRoot();
        Long user = container.getRunAsUser() != null ? container.getRunAsUser() : pod == null ? null : pod.getRunAsUser();
        if (!Boolean.TRUE.equals(nonRoot)) {
            problems.add(where + "runAsNonRoot is not true");
        }
        if (user != null && user == 0) {
            problems.add(where + "runs as uid 0");
        }
        if (!Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
            problems.add(where + "root filesystem is writable");
        }
        if (!Boolean.FALSE.equals(container.getAllowPrivilegeEscalation())) {
            problems.add(where + "allowPrivilegeEscalation is not false");
        }
        if (Boolean.TRUE.equals(container.getPrivileged())) {
            problems.add(where + "privileged");
        }
        if (container.getCapabilities() == null || container.getCapabilities().getDrop() == null
                || !container.getCapabilities().getDrop().contains("ALL")) {
            problems.add(where + "capabilities are not dropped (drop: [ALL])");
        } else if (container.getCapabilities().getAdd() != null && !container.getCapabilities().getAdd().isEmpty()) {
            problems.add(where + "adds capabilities " + container.getCapabilities().getAdd());
        }
        return problems;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceSelectsAWorkloadAndItsPorts(String overlay) {
        RenderedOverlay rendered = Kustomize.render(overlay);
        List<String> problems = new ArrayList<>();
        for (Service service : rendered.services()) {
            String where = "Service " + service.getMetadata().getName() + ": ";
            Map<String, String> selector = service.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                problems.add(where + "has no selector");
                continue;
            }
            List<Deployment> selected = rendered.deployments().stream()
                    .filter(d -> Objects.equals(d.getMetadata().getNamespace(), service.getMetadata().getNamespace()))
                    .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            if (selected.isEmpty()) {
                problems.add(where + "selector " + selector + " matches no Deployment's pods");
                continue;
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                for (Deployment deployment : selected) {
                    if (!exposes(deployment, port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort())) {
                        problems.add(where + "targetPort " + port.getTargetPort() + " is no container port of "
                                + deployment.getMetadata().getName());
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), overlay + ":\n  " + String.join("\n  ", problems));
    }

    private static boolean exposes(Deployment deployment, IntOrString target) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts() == null ? java.util.stream.Stream.<ContainerPort>empty() : c.getPorts().stream())
                .anyMatch(p -> target.getStrVal() != null ? target.getStrVal().equals(p.getName())
                        : target.getIntVal().equals(p.getContainerPort()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void edgeSurvivesNodeLossUpgradesAndLoad(String overlay) {
        RenderedOverlay rendered = Kustomize.render(overlay);
        Deployment edge = rendered.one(Deployment.class, EDGE);
        Map<String, String> podLabels = edge.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(edge.getSpec().getReplicas() >= 2, overlay + ": edge needs at least 2 replicas");
        assertEquals(0, edge.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal(),
                overlay + ": a rolling update must not remove an edge pod before its replacement is ready");

        Set<String> spreadKeys = edge.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().stream()
                .filter(c -> podLabels.entrySet().containsAll(c.getLabelSelector().getMatchLabels().entrySet()))
                .map(TopologySpreadConstraint::getTopologyKey).collect(Collectors.toSet());
        assertEquals(Set.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"), spreadKeys,
                overlay + ": edge pods must spread across zones and nodes");

        PodDisruptionBudget pdb = rendered.one(PodDisruptionBudget.class, EDGE);
        assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()),
                overlay + ": the PodDisruptionBudget must select the edge pods");

        HorizontalPodAutoscaler hpa = rendered.one(HorizontalPodAutoscaler.class, EDGE);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals(EDGE, hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(hpa.getSpec().getMinReplicas() >= 2, overlay + ": the autoscaler may not go below 2 edge pods");
        assertTrue(hpa.getSpec().getMaxReplicas() >= hpa.getSpec().getMinReplicas());

        PodSpec pod = edge.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertNotNull(container.getLifecycle(), overlay + ": edge needs a preStop hook so Services stop sending first");
        long preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
        long drain = Duration.parse("PT" + env(container, DRAIN_TIMEOUT_ENV).toUpperCase(Locale.ROOT)).toSeconds();
        assertTrue(pod.getTerminationGracePeriodSeconds() > preStop + drain, overlay + ": terminationGracePeriodSeconds "
                + pod.getTerminationGracePeriodSeconds() + " must exceed the preStop pause (" + preStop + "s) plus "
                + DRAIN_TIMEOUT_ENV + " (" + drain + "s), or Kubernetes kills tunnels that are still draining");
    }
}
