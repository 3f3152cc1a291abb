package com.aibang.egress.rego.value;

import java.util.AbstractList;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;

/** An immutable Rego array. */
public final class ArrayValue extends CollectionValue implements Value {
  public static final ArrayValue EMPTY = new ArrayValue(new Value[0]);

  /**
   * The elements, never modified: a plain array, not a list object around one, so memoised sets of
   * tens of thousands of tuples hold one object fewer per tuple and comparing a probe tuple with
   * a stored one takes one memory hop fewer.
   */
  private final Value[] elems;
  private int hash;

  private ArrayValue(Value[] elems) { this.elems = elems; }

  public static ArrayValue of(Collection<? extends Value> items) {
    return items.isEmpty() ? EMPTY : new ArrayValue(checked(items.toArray(new Value[0])));
  }

  /** The array of these values (copied: the caller may reuse its array). */
  public static ArrayValue of(Value... items) {
    return items.length == 0 ? EMPTY : new ArrayValue(checked(items.clone()));
  }

  /** The array of owned, which the caller promises never to modify again (no copy). */
  public static ArrayValue wrapArray(Value[] owned) {
    return owned.length == 0 ? EMPTY : new ArrayValue(checked(owned));
  }

  /** Like {@link #of(Collection)}; kept for callers that hand over a list they no longer use. */
  public static ArrayValue wrap(List<Value> owned) { return of(owned); }

  private static Value[] checked(Value[] elems) {
    for (Value v : elems) {
      if (v == null) {
        throw new NullPointerException("array element is null");
      }
    }
    return elems;
  }

  /** The elements as an unmodifiable list view (no copy). */
  public List<Value> items() { return new Items(); }

  public int size() { return elems.length; }

  public Value get(int i) { return elems[i]; }

  /** True when some element equals v; O(1) for large arrays (hash index built on first use). */
  public boolean contains(Value v) {
    if (elems.length < ObjectValue.HASH_LOOKUP_MIN) {
      for (Value e : elems) {
        if (e.equals(v)) {
          return true;
        }
      }
      return false;
    }
    return derived(MEMBERS, () -> new java.util.HashSet<>(items())).contains(v);
  }

  private static final Object MEMBERS = new Object();

  @Override public int typeRank() { return 4; }
  @Override public String typeName() { return "array"; }
  @Override public int compareSameType(Value other) {
    Value[] o = ((ArrayValue) other).elems;
    int n = Math.min(elems.length, o.length);
    for (int i = 0; i < n; i++) {
      int c = elems[i].compareTo(o[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(elems.length, o.length);
  }
  // indexed loops: set lookups of probe tuples ([pattern, port] in s) hash and compare arrays on
  // every decision, and the unmodifiable list's iterators cost more than the comparisons
  @Override public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof ArrayValue a) || a.elems.length != elems.length) {
      return false;
    }
    Value[] other = a.elems;
    for (int i = 0; i < elems.length; i++) {
      if (!elems[i].equals(other[i])) {
        return false;
      }
    }
    return true;
  }

  @Override public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = 1;
      for (Value e : elems) {
        h = 31 * h + e.hashCode();
      }
      h += 7;
      hash = h;
    }
    return h;
  }
  @Override public String toString() { return RegoText.write(this); }

  /** Read-only list view of the elements. */
  private final class Items extends AbstractList<Value> implements RandomAccess {
    @Override public Value get(int i) { return elems[i]; }

    @Override public int size() { return elems.length; }

    @Override public Object[] toArray() { return elems.clone(); }
  }
}
