package com.aibang.egress.rego.value;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NavigableSet;
import java.util.TreeSet;

/** An immutable Rego set, iterated in canonical order. */
public final class SetValue extends CollectionValue implements Value {
  public static final SetValue EMPTY = new SetValue(new TreeSet<>());

  private final NavigableSet<Value> items;
  private int hash;
  private volatile HashSet<Value> hashed;

  private SetValue(NavigableSet<Value> items) { this.items = Collections.unmodifiableNavigableSet(items); }

  public static SetValue of(Collection<? extends Value> items) {
    return items.isEmpty() ? EMPTY : new SetValue(new TreeSet<>(items));
  }

  public static SetValue of(Value... items) { return of(java.util.List.of(items)); }

  /** Wraps a set the caller promises never to modify again (avoids a copy). */
  public static SetValue wrap(TreeSet<Value> owned) { return owned.isEmpty() ? EMPTY : new SetValue(owned); }

  public NavigableSet<Value> items() { return items; }

  /** Membership; O(1) for large sets (hash index built on first use). */
  public boolean contains(Value v) {
    if (items.size() < ObjectValue.HASH_LOOKUP_MIN) {
      return items.contains(v);
    }
    HashSet<Value> h = hashed;
    if (h == null) {
      h = new HashSet<>(items);
      hashed = h;
    }
    return h.contains(v);
  }

  public int size() { return items.size(); }

  @Override public int typeRank() { return 6; }
  @Override public String typeName() { return "set"; }
  @Override public int compareSameType(Value other) {
    SetValue o = (SetValue) other;
    Iterator<Value> a = items.iterator();
    Iterator<Value> b = o.items.iterator();
    while (a.hasNext() && b.hasNext()) {
      int c = a.next().compareTo(b.next());
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(items.size(), o.items.size());
  }
  @Override public boolean equals(Object o) { return o instanceof SetValue s && s.items.equals(items); }
  @Override public int hashCode() {
    if (hash == 0) {
      hash = items.hashCode() + 13;
    }
    return hash;
  }
  @Override public String toString() { return RegoText.write(this); }
}
