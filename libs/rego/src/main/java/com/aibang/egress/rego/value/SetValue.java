package com.aibang.egress.rego.value;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable Rego set, iterated in canonical order. Members are kept in one sorted array (4 bytes
 * a member, not a tree node each); sets of {@link ObjectValue#HASH_LOOKUP_MIN} or more members get a
 * compact hash index ({@link MemberIndex}) on their first membership test. Memoised data sets of
 * tens of thousands of tuples live as long as the compiled policy, so their footprint matters.
 */
public final class SetValue extends CollectionValue implements Value {
  public static final SetValue EMPTY = new SetValue(new Value[0]);

  /** Distinct members in canonical order; never modified. */
  private final Value[] members;
  private int hash;
  private volatile MemberIndex index;

  private SetValue(Value[] members) { this.members = members; }

  public static SetValue of(Collection<? extends Value> items) {
    return items.isEmpty() ? EMPTY : new SetValue(new TreeSet<>(items).toArray(new Value[0]));
  }

  /** The set of items (duplicates allowed, any order); items is not modified. */
  public static SetValue of(Value... items) {
    return items.length == 0 ? EMPTY : sortedDistinct(items.clone());
  }

  /**
   * The set of the given members (duplicates allowed, any order), sorted once: cheaper than a
   * tree insertion per member when a rule's members are collected first.
   */
  public static SetValue ofCollected(java.util.List<Value> members) {
    int n = members.size();
    if (n == 0) {
      return EMPTY;
    }
    return sortedDistinct(members.toArray(new Value[n]));
  }

  /** A set of a's members (a non-empty array the set may keep): sorted in place, duplicates dropped. */
  private static SetValue sortedDistinct(Value[] a) {
    int n = a.length;
    if (n <= SMALL_SORT_MAX) {
      insertionSort(a);
    } else {
      Arrays.sort(a);
    }
    int distinct = 1;
    for (int i = 1; i < n; i++) {
      if (a[i].compareTo(a[distinct - 1]) != 0) {
        a[distinct++] = a[i];
      }
    }
    return new SetValue(distinct == n ? a : Arrays.copyOf(a, distinct));
  }

  /** Up to this many collected members are sorted in place (most partial sets are this small). */
  private static final int SMALL_SORT_MAX = 8;

  /** Stable like Arrays.sort, without its setup cost (a handful of members per rule evaluation). */
  private static void insertionSort(Value[] a) {
    for (int i = 1; i < a.length; i++) {
      Value v = a[i];
      int j = i - 1;
      while (j >= 0 && a[j].compareTo(v) > 0) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
  }

  /** Wraps a set the caller promises never to modify again (its members are copied into an array). */
  public static SetValue wrap(TreeSet<Value> owned) {
    return owned.isEmpty() ? EMPTY : new SetValue(owned.toArray(new Value[0]));
  }

  /** The members in canonical order, as an unmodifiable set (contains is a hash or binary search). */
  public Set<Value> items() { return new Members(); }

  /** Membership; O(1) for large sets (hash index built on first use), binary search otherwise. */
  public boolean contains(Value v) {
    if (members.length <= SMALL_SORT_MAX) {
      // a few members (port lists, literal sets): equality (identity first) beats ordered comparison
      for (Value m : members) {
        if (m.equals(v)) {
          return true;
        }
      }
      return false;
    }
    if (members.length < ObjectValue.HASH_LOOKUP_MIN) {
      return Arrays.binarySearch(members, v) >= 0;
    }
    MemberIndex i = index;
    if (i == null) {
      i = new MemberIndex(members);
      index = i;
    }
    return i.contains(members, v);
  }

  public int size() { return members.length; }

  /** The i-th member in canonical order (iteration without an iterator object). */
  public Value member(int i) { return members[i]; }

  @Override public int typeRank() { return 6; }
  @Override public String typeName() { return "set"; }
  @Override public int compareSameType(Value other) {
    Value[] o = ((SetValue) other).members;
    int n = Math.min(members.length, o.length);
    for (int i = 0; i < n; i++) {
      int c = members[i].compareTo(o[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(members.length, o.length);
  }
  // equal sets have equal members at the same positions: the order is total and agrees with equals
  @Override public boolean equals(Object o) {
    return o == this || o instanceof SetValue s && Arrays.equals(s.members, members);
  }
  @Override public int hashCode() {
    if (hash == 0) {
      int h = 0;
      for (Value v : members) {
        h += v.hashCode();
      }
      hash = h + 13;
    }
    return hash;
  }
  @Override public String toString() { return RegoText.write(this); }

  /** Read-only view of the members in canonical order. */
  private final class Members extends AbstractSet<Value> {
    @Override public int size() { return members.length; }

    @Override public boolean contains(Object o) { return o instanceof Value v && SetValue.this.contains(v); }

    @Override public Object[] toArray() { return members.clone(); }

    @Override public Iterator<Value> iterator() {
      return new Iterator<>() {
        private int next;

        @Override public boolean hasNext() { return next < members.length; }

        @Override public Value next() {
          if (next >= members.length) {
            throw new NoSuchElementException();
          }
          return members[next++];
        }
      };
    }
  }
}
