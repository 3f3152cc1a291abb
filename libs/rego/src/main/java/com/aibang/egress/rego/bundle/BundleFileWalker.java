package com.aibang.egress.rego.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Lists the files of a policy directory the way a Kubernetes ConfigMap mount needs: entries whose
 * name starts with '.' (such as {@code ..data} and {@code ..2024_01_01_00_00_00.123}) are skipped,
 * and symlinks are followed (mounted files are symlinks to {@code ..data/<file>}), so each file is
 * seen once under its visible name. Directory symlink cycles are reported, not looped.
 */
final class BundleFileWalker {

    private final Path root;
    private final Predicate<String> wanted;
    private final String revisionPrefix;
    private final boolean qualifyNames;

    /**
     * @param rootIndex position of this root among several, or -1 when it is the only one: then
     *                  files are named by their relative path; otherwise by root/relative path
     *                  (unique across roots) and their revision key is prefixed "rootIndex:".
     */
    BundleFileWalker(Path root, Predicate<String> wantedFileName, int rootIndex) {
        this.root = root;
        this.wanted = wantedFileName;
        this.qualifyNames = rootIndex >= 0;
        this.revisionPrefix = qualifyNames ? rootIndex + ":" : "";
    }

    /** Returns the wanted files sorted by relative path. */
    List<BundleFile> walk() {
        if (!Files.isDirectory(root)) {
            String what = Files.exists(root) ? "is not a directory" : "does not exist";
            throw new PolicyBundleException("policy directory " + root.toAbsolutePath() + " " + what);
        }
        List<BundleFile> files = new ArrayList<>();
        walkDirectory(root, "", new HashSet<>(), files);
        files.sort((a, b) -> a.relativePath().compareTo(b.relativePath()));
        return files;
    }

    private void walkDirectory(Path dir, String relativeDir, Set<Path> ancestors, List<BundleFile> out) {
        Path realDir = realPath(dir);
        if (!ancestors.add(realDir)) {
            throw new PolicyBundleException("symlink cycle: " + dir + " leads back to " + realDir);
        }
        List<Path> entries;
        try (Stream<Path> listing = Files.list(dir)) {
            entries = listing.sorted().toList();
        } catch (IOException e) {
            throw new PolicyBundleException("cannot list " + dir + ": " + e, e);
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            String relative = relativeDir.isEmpty() ? name : relativeDir + "/" + name;
            if (Files.isDirectory(entry)) {
                walkDirectory(entry, relative, ancestors, out);
            } else if (wanted.test(name)) {
                String fileName = qualifyNames ? root.resolve(relative).toString() : relative;
                out.add(new BundleFile(relative, fileName, revisionPrefix + relative, read(entry, fileName)));
            }
        }
        ancestors.remove(realDir);
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new PolicyBundleException("cannot resolve " + dir + ": " + e, e);
        }
    }

    private static byte[] read(Path file, String name) {
        if (Files.isSymbolicLink(file) && !Files.exists(file)) {
            throw new PolicyBundleException(name + ": broken symlink");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyBundleException(name + ": cannot read: " + e, e);
        }
    }
}
