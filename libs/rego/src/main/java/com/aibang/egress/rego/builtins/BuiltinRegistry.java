package com.aibang.egress.rego.builtins;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Builtins keyed by Rego name. The compiler uses it to reject unknown functions and check arity. */
public final class BuiltinRegistry {
  private final Map<String, Builtin> builtins = new TreeMap<>();

  /** Registers (or replaces) a builtin. */
  public BuiltinRegistry register(String name, int arity, BuiltinFunction function) {
    builtins.put(name, new Builtin(name, arity, function));
    return this;
  }

  /** Registers a relation: the output operand is unified with each returned value in turn. */
  public BuiltinRegistry registerRelation(String name, int arity, BuiltinRelation relation) {
    builtins.put(name, new Builtin(name, arity, null, relation));
    return this;
  }

  public Optional<Builtin> get(String name) { return Optional.ofNullable(builtins.get(name)); }

  public Map<String, Builtin> all() { return Collections.unmodifiableMap(builtins); }

  private static final BuiltinRegistry STANDARD = StandardLibrary.create();

  /** The shared registry of all standard builtins (do not modify). */
  public static BuiltinRegistry standard() { return STANDARD; }
}
