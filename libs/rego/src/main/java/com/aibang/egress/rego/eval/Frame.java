package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.value.Value;
import java.util.Arrays;

/**
 * Variable bindings of one rule/query evaluation, kept as a stack so that backtracking is a
 * truncation: a variable is only ever bound while unbound, and undo(mark) drops every binding
 * made after mark. Frames hold a handful of variables, so a backwards scan beats hashing. Names
 * are interned strings, compared by identity.
 */
final class Frame {
  // allocated on the first binding: many rule and function frames never bind a variable
  private String[] names = NO_NAMES;
  private Value[] values = NO_VALUES;
  private static final String[] NO_NAMES = {};
  private static final Value[] NO_VALUES = {};
  private int size;

  /** name must be interned (every {@link com.aibang.egress.rego.ast.Term.Var} name is). */
  Value get(String name) {
    // identity only: a miss (the common "is it bound yet?") reads no string contents
    for (int i = size - 1; i >= 0; i--) {
      if (names[i] == name) {
        return values[i];
      }
    }
    return null;
  }

  boolean isBound(String name) { return get(name) != null; }

  int mark() { return size; }

  void bind(String name, Value v) {
    if (size == names.length) {
      int capacity = Math.max(4, size * 2);
      names = Arrays.copyOf(names, capacity);
      values = Arrays.copyOf(values, capacity);
    }
    names[size] = name;
    values[size] = v;
    size++;
  }

  void undo(int mark) {
    for (int i = size - 1; i >= mark; i--) {
      names[i] = null;
      values[i] = null;
    }
    size = Math.min(size, mark);
  }
}
