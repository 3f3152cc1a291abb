package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Body;
import java.util.List;

/** A compiled query: ordered body and the names of the variables written in it (result columns). */
public record CompiledQuery(Body body, List<String> variables) {
  public CompiledQuery {
    // interned like Term.Var names: the result row is read from the frame by identity
    variables = variables.stream().map(String::intern).toList();
  }
}
