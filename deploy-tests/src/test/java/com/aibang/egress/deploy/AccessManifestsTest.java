package com.aibang.egress.deploy;

import static com.aibang.egress.deploy.DeploymentNames.EDGE;
import static com.aibang.egress.deploy.DeploymentNames.NAMESPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RBAC: the edge may read pods and nothing else; no other workload gets API rights. */
class AccessManifestsTest {

    private static final String TOKEN_REVIEW_ENV = "EDGE_KUBERNETES_TOKEN_REVIEW_ENABLED";

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void edgeServiceAccountMayOnlyReadPods(String overlay) {
        RenderedOverlay rendered = Kustomize.render(overlay);
        Deployment edge = rendered.one(Deployment.class, EDGE);
        String account = edge.getSpec().getTemplate().getSpec().getServiceAccountName();
        rendered.one(ServiceAccount.class, account);

        Set<String> expected = new TreeSet<>(Set.of("core/pods:get", "core/pods:list", "core/pods:watch"));
        boolean tokenReview = edge.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .anyMatch(e -> TOKEN_REVIEW_ENV.equals(e.getName()) && "true".equals(e.getValue()));
        if (tokenReview) {
            expected.add("authentication.k8s.io/tokenreviews:create");
        }
        assertEquals(expected, grantsOf(rendered, account), overlay
                + ": the edge may read pods, and create TokenReviews only when " + TOKEN_REVIEW_ENV + " is true");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void noOtherWorkloadGetsApiRights(String overlay) {
        RenderedOverlay rendered = Kustomize.render(overlay);
        for (Deployment deployment : rendered.deployments()) {
            if (deployment.getMetadata().getName().equals(EDGE)) {
                continue;
            }
            String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
            String name = account == null ? "default" : account;
            assertTrue(grantsOf(rendered, name).isEmpty(),
                    overlay + ": " + deployment.getMetadata().getName() + " must not be granted API rights");
            assertFalse(Boolean.TRUE.equals(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()),
                    overlay + ": " + deployment.getMetadata().getName() + " needs no API token");
        }
    }

    /** Every "apiGroup/resource:verb" bound to the service account by any (Cluster)RoleBinding in the render. */
    private static Set<String> grantsOf(RenderedOverlay rendered, String account) {
        Set<String> grants = new TreeSet<>();
        for (RoleBinding binding : rendered.all(RoleBinding.class)) {
            if (bindsAccount(binding.getSubjects(), account)) {
                grants.addAll(rulesOf(rendered, binding.getRoleRef()));
            }
        }
        for (ClusterRoleBinding binding : rendered.all(ClusterRoleBinding.class)) {
            if (bindsAccount(binding.getSubjects(), account)) {
                grants.addAll(rulesOf(rendered, binding.getRoleRef()));
            }
        }
        return grants;
    }

    private static boolean bindsAccount(List<Subject> subjects, String account) {
        return subjects != null && subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
                && account.equals(s.getName()) && NAMESPACE.equals(s.getNamespace()));
    }

    private static List<String> rulesOf(RenderedOverlay rendered, RoleRef ref) {
        List<PolicyRule> rules = switch (ref.getKind()) {
            case "ClusterRole" -> rendered.one(ClusterRole.class, ref.getName()).getRules();
            case "Role" -> rendered.one(Role.class, ref.getName()).getRules();
            default -> throw new AssertionError("unknown roleRef kind " + ref.getKind());
        };
        List<String> grants = new ArrayList<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        grants.add((group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb);
                    }
                }
            }
        }
        return grants;
    }
}
