package com.aibang.egress.deploy;

import static com.aibang.egress.deploy.DeploymentNames.POLICIES_CONFIG_MAP;
import static com.aibang.egress.deploy.DeploymentNames.POLICY_DIR_ENV;
import static com.aibang.egress.deploy.DeploymentNames.POLICY_MOUNT;
import static com.aibang.egress.deploy.DeploymentNames.POLICY_SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The policies ConfigMap carries every file of policies/, mounted back at its own path under POLICY_DIR. */
class PolicyConfigMapTest {

    private static final String RESYNC = " (after adding or removing files in policies/, run k8s/sync-policies.sh)";

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void policyServiceSeesExactlyTheFilesOfPolicies(String overlay) throws IOException {
        RenderedOverlay rendered = Kustomize.render(overlay);
        ConfigMap policies = rendered.configMap(POLICIES_CONFIG_MAP);
        Deployment deployment = rendered.one(Deployment.class, POLICY_SERVICE);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        String policyDir = container.getEnv().stream().filter(e -> POLICY_DIR_ENV.equals(e.getName()))
                .map(EnvVar::getValue).findFirst().orElseThrow(() -> new AssertionError(POLICY_DIR_ENV + " is not set"));
        assertEquals(POLICY_MOUNT, policyDir);
        VolumeMount mount = container.getVolumeMounts().stream().filter(m -> policyDir.equals(m.getMountPath()))
                .findFirst().orElseThrow(() -> new AssertionError("nothing is mounted at " + policyDir));
        assertNull(mount.getSubPath(), "a subPath mount never receives ConfigMap updates, so hot reload would not work");
        Volume volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertNotNull(volume.getConfigMap(), "the policy volume must be the ConfigMap");
        assertEquals(POLICIES_CONFIG_MAP, volume.getConfigMap().getName(),
                "the volume must name the ConfigMap exactly (the generator must not add a hash suffix)");

        // What the container sees: mounted path -> content.
        Map<String, String> mounted = new TreeMap<>();
        List<KeyToPath> items = volume.getConfigMap().getItems() == null ? List.of() : volume.getConfigMap().getItems();
        for (KeyToPath item : items) {
            String content = policies.getData().get(item.getKey());
            assertNotNull(content, "volume item " + item.getKey() + " is not a key of the ConfigMap" + RESYNC);
            mounted.put(item.getPath(), content);
        }
        assertEquals(policies.getData().size(), items.size(),
                "every ConfigMap key must be mounted: " + policies.getData().keySet() + RESYNC);
        Map<String, String> expected = filesOfPolicies();
        assertEquals(expected.keySet(), mounted.keySet(), overlay + ": files of policies/ vs files mounted" + RESYNC);
        for (Map.Entry<String, String> file : expected.entrySet()) {
            assertEquals(file.getValue(), mounted.get(file.getKey()), overlay + ": content of policies/" + file.getKey());
        }
    }

    private static Map<String, String> filesOfPolicies() throws IOException {
        Path root = RepoRoot.get().resolve("policies");
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> regular = files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".")).toList();
            assertTrue(!regular.isEmpty(), "policies/ is empty");
            Map<String, String> byPath = new TreeMap<>();
            for (Path file : regular) {
                byPath.put(root.relativize(file).toString().replace('\\', '/'), Files.readString(file, StandardCharsets.UTF_8));
            }
            return byPath;
        }
    }
}
