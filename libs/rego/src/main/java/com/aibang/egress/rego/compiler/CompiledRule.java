package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.ast.Term;
import java.util.List;

/**
 * A rewritten rule with its place in the rule tree: staticPath are the leading string segments of
 * its head ref (after data), dynamicSuffix the rest (vars and later segments) of a ref-head rule.
 */
public record CompiledRule(Rule rule, List<String> staticPath, List<Term> dynamicSuffix, int id) {

  public Rule.Kind kind() { return rule.kind(); }

  /** "data.a.b" of the static path. */
  public String pathKey() { return "data." + String.join(".", staticPath); }
}
