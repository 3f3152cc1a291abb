package com.aibang.egress.policyservice.engine;

import com.aibang.egress.rego.RegoPolicy;
import java.nio.file.Path;
import java.util.List;

/** A compiled policy bundle together with where it came from and its revision. */
public record LoadedPolicy(
        RegoPolicy policy,
        List<Path> directories,
        String revision,
        String shortRevision,
        int moduleCount,
        int dataFileCount) {
}
