package com.aibang.egress.rego.value;

import java.util.Collection;
import java.util.List;

/** An immutable Rego array. */
public final class ArrayValue extends CollectionValue implements Value {
  public static final ArrayValue EMPTY = new ArrayValue(List.of());

  private final List<Value> items;
  private int hash;

  private ArrayValue(List<Value> items) { this.items = items; }

  public static ArrayValue of(Collection<? extends Value> items) {
    // an immutable array-backed list: one object fewer per array than a wrapped ArrayList (memoised
    // sets of tuples hold tens of thousands) and one hop fewer on every element access
    return items.isEmpty() ? EMPTY : new ArrayValue(List.copyOf(items));
  }

  public static ArrayValue of(Value... items) { return of(List.of(items)); }

  /** Wraps a list the caller promises never to modify again (avoids a copy). */
  public static ArrayValue wrap(List<Value> owned) {
    return owned.isEmpty() ? EMPTY : new ArrayValue(List.copyOf(owned));
  }

  public List<Value> items() { return items; }

  public int size() { return items.size(); }

  public Value get(int i) { return items.get(i); }

  /** True when some element equals v; O(1) for large arrays (hash index built on first use). */
  public boolean contains(Value v) {
    if (items.size() < ObjectValue.HASH_LOOKUP_MIN) {
      return items.contains(v);
    }
    return derived(MEMBERS, () -> new java.util.HashSet<>(items)).contains(v);
  }

  private static final Object MEMBERS = new Object();

  @Override public int typeRank() { return 4; }
  @Override public String typeName() { return "array"; }
  @Override public int compareSameType(Value other) {
    List<Value> o = ((ArrayValue) other).items;
    int n = Math.min(items.size(), o.size());
    for (int i = 0; i < n; i++) {
      int c = items.get(i).compareTo(o.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(items.size(), o.size());
  }
  // indexed loops: set lookups of probe tuples ([pattern, port] in s) hash and compare arrays on
  // every decision, and the unmodifiable list's iterators cost more than the comparisons
  @Override public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof ArrayValue a) || a.items.size() != items.size()) {
      return false;
    }
    for (int i = 0; i < items.size(); i++) {
      if (!items.get(i).equals(a.items.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = 1;
      for (int i = 0; i < items.size(); i++) {
        h = 31 * h + items.get(i).hashCode();
      }
      h += 7;
      hash = h;
    }
    return h;
  }
  @Override public String toString() { return RegoText.write(this); }
}
