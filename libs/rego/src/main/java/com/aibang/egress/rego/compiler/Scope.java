package com.aibang.egress.rego.compiler;

import java.util.HashMap;
import java.util.Map;

/**
 * Lexical scope of a body: maps source variable names to their unique compiled names. A name
 * declared with := is visible to nested bodies (comprehensions) only in expressions after its
 * declaration, as in OPA; cursor is the index of the expression being rewritten.
 */
final class Scope {
  private final Scope parent;
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, Integer> assignIndex = new HashMap<>();
  private int cursor = Integer.MAX_VALUE;

  Scope(Scope parent) { this.parent = parent; }

  String lookup(String name) {
    String n = names.get(name);
    if (n != null) {
      return n;
    }
    for (Scope s = parent; s != null; s = s.parent) {
      if (s.visibleToChildren(name)) {
        return s.names.get(name);
      }
    }
    return null;
  }

  /** Lookup as seen from a nested scope of this one (honours := declaration order). */
  String lookupFromChild(String name) {
    for (Scope s = this; s != null; s = s.parent) {
      if (s.visibleToChildren(name)) {
        return s.names.get(name);
      }
    }
    return null;
  }

  private boolean visibleToChildren(String name) {
    if (!names.containsKey(name)) {
      return false;
    }
    Integer at = assignIndex.get(name);
    return at == null || at < cursor;
  }

  boolean declaredHere(String name) { return names.containsKey(name); }

  void declare(String name, String unique) { names.put(name, unique); }

  void declaredByAssignAt(String name, int exprIndex) { assignIndex.putIfAbsent(name, exprIndex); }

  void cursor(int exprIndex) { this.cursor = exprIndex; }

  Map<String, String> local() { return names; }
}
