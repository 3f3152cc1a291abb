package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.value.Value;

/**
 * Variable bindings of one rule/query evaluation, kept as a stack so that backtracking is a
 * truncation: a variable is only ever bound while unbound, and undo(mark) drops every binding
 * made after mark. Frames hold a handful of variables, so a backwards scan beats hashing. Names
 * are interned strings, compared by identity.
 */
final class Frame {
  // names at even, values at odd indexes: one array per frame; allocated on the first binding,
  // since many rule and function frames never bind a variable
  private Object[] slots = NO_SLOTS;
  private static final Object[] NO_SLOTS = {};
  private int size;

  /** name must be interned (every {@link com.aibang.egress.rego.ast.Term.Var} name is). */
  Value get(String name) {
    // identity only: a miss (the common "is it bound yet?") reads no string contents
    Object[] a = slots;
    for (int i = 2 * size - 2; i >= 0; i -= 2) {
      if (a[i] == name) {
        return (Value) a[i + 1];
      }
    }
    return null;
  }

  boolean isBound(String name) { return get(name) != null; }

  int mark() { return size; }

  void bind(String name, Value v) {
    if (2 * size == slots.length) {
      // a plain new array: Arrays.copyOf's generic path asks the class for its component type
      Object[] grown = new Object[Math.max(8, 4 * size)];
      System.arraycopy(slots, 0, grown, 0, 2 * size);
      slots = grown;
    }
    slots[2 * size] = name;
    slots[2 * size + 1] = v;
    size++;
  }

  void undo(int mark) {
    // slots past size are never read (the next bind overwrites them); a frame lives for one rule
    // branch or query, so keeping the stale values referenced a little longer costs nothing
    if (mark < size) {
      size = mark;
    }
  }
}
