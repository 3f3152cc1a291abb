package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Module;
import com.aibang.egress.rego.ast.Term;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What name resolution needs to know about one module: its package path, import aliases, rule
 * names of the package (first head segment), and all function paths of the policy.
 */
record PackageInfo(List<String> packagePath, Map<String, Term.Ref> imports, Set<String> ruleNames,
    Map<String, Integer> functionArities, Module module) {

  Set<String> functionPaths() { return functionArities.keySet(); }
}
