package com.aibang.egress.rego.conformance;

import com.aibang.egress.rego.value.Value;
import java.util.List;
import java.util.Map;

/** One case of an OPA conformance YAML file (see shared/rego-conformance/README.md). */
record ConformanceCase(String file, int index, String note, String query, List<String> modules, Value data,
    Value input, String inputTerm, List<Map<String, Value>> wantResult, String wantErrorCode, String wantError,
    boolean strictError, boolean sortBindings, boolean ignoreGeneratedVars, boolean experimentalKeywords) {}
