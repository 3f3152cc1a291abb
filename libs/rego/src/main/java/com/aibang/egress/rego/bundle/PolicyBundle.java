package com.aibang.egress.rego.bundle;

import com.aibang.egress.rego.RegoException;
import com.aibang.egress.rego.RegoPolicy;
import com.aibang.egress.rego.SourceFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A policy directory loaded like an OPA bundle: every {@code *.rego} file (tests included) as a
 * module, every {@code data.json}/{@code data.yaml}/{@code data.yml} merged into the base data at
 * its directory's path, and a content revision. Hidden entries are skipped and symlinks followed,
 * so a Kubernetes ConfigMap mount loads as its visible files. Several directories can be layered
 * (like {@code opa run dir1 dir2}): their data is deep-merged, a key defined twice is an error.
 */
public final class PolicyBundle {

    private final List<Path> roots;
    private final List<SourceFile> modules;
    private final Map<String, Object> data;
    private final List<String> dataFiles;
    private final String revision;

    private PolicyBundle(List<Path> roots, List<SourceFile> modules, Map<String, Object> data,
                         List<String> dataFiles, String revision) {
        this.roots = roots;
        this.modules = modules;
        this.data = data;
        this.dataFiles = dataFiles;
        this.revision = revision;
    }

    /**
     * Reads one directory; modules and data files are named by their path relative to it.
     * Throws {@link PolicyBundleException} naming the file for a missing directory, unreadable or
     * non-UTF-8 file, invalid data file or conflicting data keys.
     */
    public static PolicyBundle load(Path dir) {
        return load(List.of(dir));
    }

    /**
     * Reads several directories as one bundle. With more than one, files are named
     * {@code dir/relative-path} (dir as given) so names stay unique and errors point at the file.
     */
    public static PolicyBundle load(List<Path> dirs) {
        if (dirs.isEmpty()) {
            throw new PolicyBundleException("no policy directory given");
        }
        List<BundleFile> files = new ArrayList<>();
        for (int i = 0; i < dirs.size(); i++) {
            files.addAll(new BundleFileWalker(dirs.get(i),
                    name -> name.endsWith(".rego") || DataFileParser.isDataFile(name),
                    dirs.size() == 1 ? -1 : i).walk());
        }
        List<SourceFile> modules = new ArrayList<>();
        List<String> dataFiles = new ArrayList<>();
        DataMerger merger = new DataMerger();
        for (BundleFile file : files) {
            if (file.name().endsWith(".rego")) {
                modules.add(new SourceFile(file.name(), file.text()));
            } else {
                merger.add(file, DataFileParser.parse(file));
                dataFiles.add(file.name());
            }
        }
        return new PolicyBundle(List.copyOf(dirs), List.copyOf(modules),
                Collections.unmodifiableMap(merger.result()), List.copyOf(dataFiles), BundleRevision.of(files));
    }

    /** Compiles the modules with the base data; all parse/compile errors come back in the exception. */
    public RegoPolicy compile() throws RegoException {
        return RegoPolicy.compile(modules, data);
    }

    /** The directories this bundle was loaded from, as given. */
    public List<Path> roots() {
        return roots;
    }

    /**
     * Where a module or data file name points on disk: the name itself when several directories
     * were loaded (already dir/relative), else the single directory resolved with the relative name.
     */
    public Path pathOf(String name) {
        return roots.size() == 1 ? roots.get(0).resolve(name) : Path.of(name);
    }

    /** All .rego files in directory order, each directory's sorted by relative path. */
    public List<SourceFile> modules() {
        return modules;
    }

    /** Base data document (plain Java JSON tree with BigInteger/BigDecimal numbers). */
    public Map<String, Object> data() {
        return data;
    }

    /** Names of the data files that were merged, in load order. */
    public List<String> dataFiles() {
        return dataFiles;
    }

    /** Full lower-case hex SHA-256 revision (64 characters). */
    public String revision() {
        return revision;
    }

    /** First 12 characters of {@link #revision()}, for logs and replies. */
    public String shortRevision() {
        return revision.substring(0, BundleRevision.SHORT_LENGTH);
    }
}
