package com.aibang.egress.policyctl;

import com.aibang.egress.rego.RegoException;
import com.aibang.egress.rego.RegoPolicy;
import com.aibang.egress.rego.SourceFile;
import java.util.List;
import java.util.Map;

/**
 * Modules and base data loaded from the command line's paths; module names are the paths as the
 * user sees them (e.g. policies/egress/egress.rego), so errors and test locations point at them.
 */
record PolicySet(List<SourceFile> modules, Map<String, Object> data, List<String> dataFiles) {

  RegoPolicy compile() throws RegoException { return RegoPolicy.compile(modules, data); }
}
