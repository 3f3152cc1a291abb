package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.value.Value;
import java.util.Arrays;

/**
 * Variable bindings of one rule/query evaluation, kept as a stack so that backtracking is a
 * truncation: a variable is only ever bound while unbound, and undo(mark) drops every binding
 * made after mark. Frames hold a handful of variables, so a backwards scan beats hashing.
 */
final class Frame {
  private String[] names = new String[4];
  private Value[] values = new Value[4];
  private int size;

  Value get(String name) {
    for (int i = size - 1; i >= 0; i--) {
      String n = names[i];
      if (n == name || n.equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  boolean isBound(String name) { return get(name) != null; }

  int mark() { return size; }

  void bind(String name, Value v) {
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      values = Arrays.copyOf(values, size * 2);
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
