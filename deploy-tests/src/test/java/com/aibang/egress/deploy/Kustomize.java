package com.aibang.egress.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Renders the overlays under k8s/overlays with `kubectl kustomize`, the way the deployment guide does. */
final class Kustomize {

    static final String KUBECTL = "kubectl";
    private static final Map<String, RenderedOverlay> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** Names of every overlay directory (each has a kustomization.yaml). */
    static List<String> overlays() {
        Path dir = RepoRoot.get().resolve("k8s/overlays");
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The rendered and strictly parsed overlay; skips the calling test when kubectl is not installed. */
    static RenderedOverlay render(String overlay) {
        Assumptions.assumeTrue(ExternalCommand.available(KUBECTL, "version", "--client"),
                "kubectl is not installed: install it (it bundles kustomize) to check the k8s/ manifests");
        return RENDERED.computeIfAbsent(overlay, Kustomize::renderNow);
    }

    /** The raw YAML of an overlay, as `kubectl apply -f -` would receive it. */
    static String renderYaml(Path kustomizationDir) throws IOException {
        ExternalCommand.Result result = ExternalCommand.run(RepoRoot.get(), List.of(KUBECTL, "kustomize",
                "--load-restrictor", "LoadRestrictionsNone", kustomizationDir.toString()));
        if (result.exitCode() != 0) {
            throw new IOException("kubectl kustomize " + kustomizationDir + " failed:\n" + result.stderr());
        }
        return result.stdout();
    }

    private static RenderedOverlay renderNow(String overlay) {
        try {
            String yaml = renderYaml(RepoRoot.get().resolve("k8s/overlays").resolve(overlay));
            return new RenderedOverlay(overlay, new StrictManifestParser().parse(yaml));
        } catch (IOException e) {
            throw new AssertionError("overlay " + overlay + ": " + e.getMessage(), e);
        }
    }
}
