package com.aibang.egress.rego.builtins;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Builtins keyed by Rego name. The compiler uses it to reject unknown functions and check arity. */
public final class BuiltinRegistry {
  private final Map<String, Builtin> builtins = new TreeMap<>();
  /** Same content as builtins, for the evaluator's per-call lookups (hash instead of tree). */
  private final Map<String, Builtin> byName = new HashMap<>();
  /** Builtins whose result is not a function of their operands (clock, randomness, network, output). */
  private final Set<String> nondeterministic = new HashSet<>();

  /** Registers (or replaces) a builtin. */
  public BuiltinRegistry register(String name, int arity, BuiltinFunction function) {
    Builtin b = new Builtin(name, arity, function);
    builtins.put(name, b);
    byName.put(name, b);
    return this;
  }

  /** Registers a relation: the output operand is unified with each returned value in turn. */
  public BuiltinRegistry registerRelation(String name, int arity, BuiltinRelation relation) {
    Builtin b = new Builtin(name, arity, null, relation);
    builtins.put(name, b);
    byName.put(name, b);
    return this;
  }

  /**
   * Declares builtins that may answer differently for the same operands or act on the world
   * (time.now_ns, rand.intn, print ...): rules calling them are never memoised across queries.
   */
  public BuiltinRegistry markNondeterministic(String... names) {
    nondeterministic.addAll(Set.of(names));
    return this;
  }

  /** True when name is a builtin whose value depends only on its operands and which has no side effects. */
  public boolean isDeterministic(String name) {
    return byName.containsKey(name) && !nondeterministic.contains(name);
  }

  public Optional<Builtin> get(String name) { return Optional.ofNullable(byName.get(name)); }

  /** The builtin named name, or null (no Optional: on the evaluator's hot path). */
  public Builtin find(String name) { return byName.get(name); }

  public Map<String, Builtin> all() { return Collections.unmodifiableMap(builtins); }

  private static final BuiltinRegistry STANDARD = StandardLibrary.create();

  /** A new registry holding the standard builtins, for callers that add their own. */
  public static BuiltinRegistry newStandard() { return StandardLibrary.create(); }

  /** The shared registry of all standard builtins (do not modify). */
  public static BuiltinRegistry standard() { return STANDARD; }
}
