package com.aibang.egress.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root (system property deploy.repo.root, else the nearest parent holding k8s/). */
final class RepoRoot {

    static final String PROPERTY = "deploy.repo.root";

    private RepoRoot() {
    }

    static Path get() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("k8s")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root not found: set -D" + PROPERTY + "=<path>");
    }
}
