package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.RegoError;
import com.aibang.egress.rego.value.Value;
import java.util.List;
import java.util.Map;

/** Solutions of a query (variable name -> value) and the error evaluation raised, if any (null otherwise). */
public record QueryResult(List<Map<String, Value>> rows, RegoError error) {}
