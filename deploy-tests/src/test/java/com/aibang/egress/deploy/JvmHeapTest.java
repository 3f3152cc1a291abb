package com.aibang.egress.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every image fixes its collector and heap (the JVM's own choice in a small pod was SerialGC from a 12 MB heap:
 * a young pause every few tens of milliseconds under load), every pod's memory request and limit leave room
 * for that heap plus the JVM's own memory, and the tier-2 VM runs the egress image's heap settings.
 */
class JvmHeapTest {

    /** Metaspace, code cache, thread stacks, GC structures and native buffers seen on top of a used-up heap. */
    private static final long NON_HEAP_REQUEST_BYTES = 128L << 20;
    /** The limit also leaves room for bursts of direct buffers. */
    private static final long NON_HEAP_LIMIT_BYTES = 256L << 20;
    private static final Pattern JDK_JAVA_OPTIONS = Pattern.compile("JDK_JAVA_OPTIONS=\"([^\"]*)\"");
    private static final Pattern HEAP_OR_GC_FLAG = Pattern.compile("-Xm[sxn]\\d+[kmg]|-XX:\\+Use\\w+GC");
    private static final Pattern SIZE = Pattern.compile("-Xm([sxn])(\\d+)([kmg])");

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyPodHasRoomForItsImagesFixedHeap(String overlay) throws IOException {
        for (Deployment deployment : Kustomize.render(overlay).deployments()) {
            String app = deployment.getMetadata().getName();
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertTrue(container.getEnv().stream().noneMatch(e -> e.getName().equals("JDK_JAVA_OPTIONS")),
                    overlay + ": " + app + " overrides its image's JDK_JAVA_OPTIONS; check its heap against its resources");
            List<String> flags = heapAndGcFlags(imageOptions(app));
            long heap = bytes(flags, 'x');
            assertEquals(heap, bytes(flags, 's'), app + ": the image's -Xms and -Xmx differ (a growing heap starts small)");
            assertTrue(flags.stream().anyMatch(f -> f.startsWith("-XX:+Use")), app + ": the image leaves the collector to ergonomics");
            long request = memory(container.getResources().getRequests().get("memory"), overlay, app);
            long limit = memory(container.getResources().getLimits().get("memory"), overlay, app);
            assertTrue(request >= heap + NON_HEAP_REQUEST_BYTES, overlay + ": " + app + " requests " + mib(request)
                    + " MiB of memory for a " + mib(heap) + " MiB heap (needs " + mib(heap + NON_HEAP_REQUEST_BYTES) + ")");
            assertTrue(limit >= heap + NON_HEAP_LIMIT_BYTES, overlay + ": " + app + " is limited to " + mib(limit)
                    + " MiB of memory with a " + mib(heap) + " MiB heap (needs " + mib(heap + NON_HEAP_LIMIT_BYTES) + ")");
        }
    }

    @Test
    void theTier2VmRunsTheEgressImagesHeapSettings() throws IOException {
        String unit = Files.readString(RepoRoot.get().resolve("k8s/gce/egress-proxy.service"));
        String execStart = unit.lines().filter(line -> line.startsWith("ExecStart=")).findFirst()
                .orElseThrow(() -> new AssertionError("egress-proxy.service has no ExecStart"));
        List<String> image = heapAndGcFlags(imageOptions(DeploymentNames.EGRESS));
        assertFalse(image.isEmpty(), "the egress image sets no heap or collector flags");
        assertEquals(image, heapAndGcFlags(execStart), "k8s/gce/egress-proxy.service and the egress image differ");
    }

    @Test
    void bothProxyImagesShareTheirHeapSettings() throws IOException {
        // bench/run.sh runs both proxies with the edge image's flags (PROXY_JVM_OPTS).
        assertEquals(heapAndGcFlags(imageOptions(DeploymentNames.EDGE)), heapAndGcFlags(imageOptions(DeploymentNames.EGRESS)));
    }

    private static String imageOptions(String app) throws IOException {
        Path dockerfile = RepoRoot.get().resolve(app).resolve("src/main/docker/Dockerfile.jvm");
        Matcher options = JDK_JAVA_OPTIONS.matcher(Files.readString(dockerfile));
        assertTrue(options.find(), dockerfile + " sets no JDK_JAVA_OPTIONS");
        return options.group(1);
    }

    private static List<String> heapAndGcFlags(String commandLine) {
        return Arrays.stream(commandLine.split("\\s+")).filter(f -> HEAP_OR_GC_FLAG.matcher(f).matches()).toList();
    }

    private static long bytes(List<String> flags, char which) {
        for (String flag : flags) {
            Matcher size = SIZE.matcher(flag);
            if (size.matches() && size.group(1).charAt(0) == which) {
                int shift = switch (size.group(3).toLowerCase(Locale.ROOT)) {
                    case "k" -> 10;
                    case "m" -> 20;
                    default -> 30;
                };
                return Long.parseLong(size.group(2)) << shift;
            }
        }
        throw new AssertionError("no -Xm" + which + " in " + flags);
    }

    private static long memory(Quantity quantity, String overlay, String app) {
        assertNotNull(quantity, overlay + ": " + app + " has no memory request or limit");
        return Quantity.getAmountInBytes(quantity).setScale(0, RoundingMode.UP).longValueExact();
    }

    private static long mib(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }
}
