package com.aibang.egress.rego.value;

/**
 * Open-addressing hash index over an array of distinct values: one long per slot holding the
 * member's hash code and its position, so a lookup that misses (most probes of a big allowlist set)
 * touches only this table, and a hit touches the one member it compares. About 8-11 bytes per
 * member, against ~32 for a HashSet node plus its table slot.
 */
final class MemberIndex {
  private final long[] slots;
  private final int shift;

  MemberIndex(Value[] members) {
    int capacity = Integer.highestOneBit(Math.max(4, members.length + (members.length >> 1)) - 1) << 1;
    slots = new long[capacity];
    shift = 32 - Integer.numberOfTrailingZeros(capacity);
    int mask = capacity - 1;
    for (int i = 0; i < members.length; i++) {
      int h = members[i].hashCode();
      int slot = home(h);
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = ((long) h << 32) | (i + 1L);
    }
  }

  /** Spreads the hash over the table (Fibonacci hashing: string hashes differ mostly in low bits). */
  private int home(int h) { return (h * 0x9E3779B9) >>> shift; }

  boolean contains(Value[] members, Value v) {
    int h = v.hashCode();
    int mask = slots.length - 1;
    for (int slot = home(h); ; slot = (slot + 1) & mask) {
      long e = slots[slot];
      if (e == 0) {
        return false;
      }
      if ((int) (e >>> 32) == h && members[(int) e - 1].equals(v)) {
        return true;
      }
    }
  }
}
