package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.builtins.BuiltinRegistry;
import com.aibang.egress.rego.value.Value;
import java.util.List;
import java.util.Map;

/** Output of the compiler: rule tree, base data and builtins. Immutable after construction. */
public record CompiledPolicy(RuleNode root, Value data, BuiltinRegistry builtins, List<CompiledRule> allRules,
    Map<String, Integer> functionArities) {}
