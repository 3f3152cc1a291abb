package com.aibang.egress.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory laid out the way the kubelet writes a ConfigMap volume: the files live in a hidden
 * timestamped directory, {@code ..data} points at it, and each top-level entry is a symlink through
 * {@code ..data}. An update writes a new directory and renames a new {@code ..data} link over the old one,
 * which is the atomic swap the policy-service's hot reload must notice.
 */
final class ConfigMapStyleDirectory {

    private static final String DATA = "..data";
    private final Path root;
    private int generation;

    private ConfigMapStyleDirectory(Path root) {
        this.root = root;
    }

    /** Creates the volume with the given files (relative path -> content). */
    static ConfigMapStyleDirectory create(Path root, Map<String, String> files) throws IOException {
        Files.createDirectories(root);
        ConfigMapStyleDirectory volume = new ConfigMapStyleDirectory(root);
        volume.update(files);
        return volume;
    }

    Path root() {
        return root;
    }

    /** Replaces the content atomically, like `kubectl apply` of a changed ConfigMap followed by the kubelet's sync. */
    void update(Map<String, String> files) throws IOException {
        Path previous = Files.isSymbolicLink(root.resolve(DATA)) ? root.resolve(Files.readSymbolicLink(root.resolve(DATA))) : null;
        String name = "..generation_" + (++generation);
        Path next = root.resolve(name);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = next.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        Path link = root.resolve(DATA + "_tmp");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of(name));
        Files.move(link, root.resolve(DATA), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (String top : files.keySet().stream().map(p -> p.split("/", 2)[0]).distinct().toList()) {
            Path entry = root.resolve(top);
            if (!Files.isSymbolicLink(entry)) {
                Files.createSymbolicLink(entry, Path.of(DATA, top));
            }
        }
        if (previous != null) {
            deleteTree(previous);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
