package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rejects rule sets OPA rejects: mixed rule kinds at one path, several defaults, mixed function arities. */
final class RuleConflictChecker {
  private RuleConflictChecker() {}

  static void check(RuleNode node, List<String> path, CompileErrors errors) {
    String name = "data." + String.join(".", path);
    List<CompiledRule> plain = new ArrayList<>();
    int multi = 0;
    int defaults = 0;
    for (CompiledRule r : node.rules()) {
      if (r.dynamicSuffix().isEmpty()) {
        plain.add(r);
        multi += r.kind() == Rule.Kind.MULTI ? 1 : 0;
        defaults += r.rule().isDefault() ? 1 : 0;
      }
    }
    if (multi > 0 && multi < plain.size()) {
      errors.add(CompileErrors.TYPE, plain.get(0).rule().loc(), "conflicting rules " + name + " found");
    }
    if (!node.functions().isEmpty() && !plain.isEmpty()) {
      errors.add(CompileErrors.TYPE, node.functions().get(0).rule().loc(), "conflicting rules " + name + " found");
    }
    int functionDefaults = 0;
    for (CompiledRule f : node.functions()) {
      functionDefaults += f.rule().isDefault() ? 1 : 0;
      if (f.rule().args().size() != node.functions().get(0).rule().args().size()) {
        errors.add(CompileErrors.TYPE, f.rule().loc(), "conflicting rules " + name + " found");
        break;
      }
    }
    if (defaults > 1 || functionDefaults > 1) {
      CompiledRule first = defaults > 1 ? plain.get(0) : node.functions().get(0);
      errors.add(CompileErrors.TYPE, first.rule().loc(), "multiple default rules " + name + " found");
    }
    for (Map.Entry<String, RuleNode> c : node.children().entrySet()) {
      List<String> next = new ArrayList<>(path);
      next.add(c.getKey());
      check(c.getValue(), next, errors);
    }
  }
}
