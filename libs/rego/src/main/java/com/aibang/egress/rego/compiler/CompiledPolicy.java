package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.builtins.BuiltinRegistry;
import com.aibang.egress.rego.value.Value;
import java.util.List;
import java.util.Map;

/**
 * Output of the compiler: rule tree, base data and builtins, immutable after construction; plus
 * documents memoised across queries (data-only rules, see {@link RuleNode#dataOnly()}), which
 * belong to this policy and its data: compiling with other data gives a new, empty table; and
 * the resolved targets of its call terms and the resolved starts of its data references.
 */
public record CompiledPolicy(RuleNode root, Value data, BuiltinRegistry builtins, List<CompiledRule> allRules,
    Map<String, Integer> functionArities, MemoTable memo, CallTargets calls, DataRefStarts dataRefs) {

  public CompiledPolicy(RuleNode root, Value data, BuiltinRegistry builtins, List<CompiledRule> allRules,
      Map<String, Integer> functionArities) {
    this(root, data, builtins, allRules, functionArities, new MemoTable(),
        new CallTargets(root, builtins, functionArities), new DataRefStarts(root, data));
  }
}
