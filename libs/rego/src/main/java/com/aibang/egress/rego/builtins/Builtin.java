package com.aibang.egress.rego.builtins;

/**
 * A registered builtin: Rego name (e.g. "net.cidr_contains"), number of operands, and either a
 * function (one result) or a relation (any number of results, e.g. walk).
 */
public record Builtin(String name, int arity, BuiltinFunction function, BuiltinRelation relation) {
  public Builtin(String name, int arity, BuiltinFunction function) {
    this(name, arity, function, null);
  }
}
