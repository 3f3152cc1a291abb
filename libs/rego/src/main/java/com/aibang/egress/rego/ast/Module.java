package com.aibang.egress.rego.ast;

import java.util.List;

/** A parsed source file: package path (data.a.b), imports and rules. */
public record Module(String file, Term.Ref packageRef, List<Import> imports, List<Rule> rules,
    List<Annotation> annotations) {

  /** A METADATA block: its scope and normalised content, attached to the package (ruleIndex -1) or a rule. */
  public record Annotation(String scope, int ruleIndex, com.aibang.egress.rego.value.ObjectValue value) {}


  /** `import data.x.y [as alias]` / `import input.x` / `import rego.v1` / `import future.keywords...`. */
  public record Import(Term.Ref path, String alias, Location loc) {}
}
