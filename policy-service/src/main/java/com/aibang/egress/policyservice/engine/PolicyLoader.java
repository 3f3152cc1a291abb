package com.aibang.egress.policyservice.engine;

import com.aibang.egress.rego.RegoError;
import com.aibang.egress.rego.RegoException;
import com.aibang.egress.rego.RegoPolicy;
import com.aibang.egress.rego.bundle.PolicyBundle;
import com.aibang.egress.rego.bundle.PolicyBundleException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Loads and compiles policy directories, turning every failure into one readable, positioned message. */
public final class PolicyLoader {

    private PolicyLoader() {
    }

    public static LoadedPolicy load(Path dir) {
        return load(List.of(dir));
    }

    /**
     * Loads the directories as one bundle. Errors are reported as "policy directory DIRS: ..."
     * followed by one {@code file:line:col: code: message} line per compile error, the file given
     * as DIR/relative-path (like OPA names files as they were passed) so editors can jump to it.
     */
    public static LoadedPolicy load(List<Path> dirs) {
        return compile(read(dirs));
    }

    /** Reads the files (cheap: no compilation), e.g. to compare revisions before compiling. */
    public static PolicyBundle read(List<Path> dirs) {
        try {
            PolicyBundle bundle = PolicyBundle.load(dirs);
            if (bundle.modules().isEmpty()) {
                throw new PolicyLoadException(where(dirs) + ": no .rego files found", null);
            }
            return bundle;
        } catch (PolicyBundleException e) {
            throw new PolicyLoadException(where(dirs) + ": " + e.getMessage(), e);
        }
    }

    /** Compiles a bundle read by {@link #read}. */
    public static LoadedPolicy compile(PolicyBundle bundle) {
        List<Path> dirs = bundle.roots();
        String where = where(dirs);
        RegoPolicy policy;
        try {
            policy = bundle.compile();
        } catch (RegoException e) {
            throw new PolicyLoadException(where + " does not compile:\n" + describe(bundle, e), e);
        }
        List<Path> absolute = dirs.stream().map(dir -> dir.toAbsolutePath().normalize()).toList();
        return new LoadedPolicy(policy, absolute, bundle.revision(), bundle.shortRevision(),
                bundle.modules().size(), bundle.dataFiles().size());
    }

    private static String where(List<Path> dirs) {
        return "policy directory " + dirs.stream()
                .map(dir -> dir.toAbsolutePath().normalize().toString()).collect(Collectors.joining(","));
    }

    private static String describe(PolicyBundle bundle, RegoException e) {
        if (e.errors() == null || e.errors().isEmpty()) {
            return e.getMessage();
        }
        return e.errors().stream()
                .map(error -> error.file() == null ? error : new RegoError(bundle.pathOf(error.file()).toString(),
                        error.line(), error.col(), error.code(), error.message()))
                .map(RegoError::toString)
                .collect(Collectors.joining("\n"));
    }
}
