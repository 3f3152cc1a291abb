package com.aibang.egress.rego.ast;

/**
 * What the compiler resolved a call or data reference to (its target, where its walk starts),
 * cached on the term so evaluation reaches it without a map lookup. The owner (the compiled
 * policy's resolver) is stored with it: a term read under another owner resolves again. Not part
 * of the term's meaning: every resolution equals every other, so terms compare and hash as before.
 */
public final class Resolution {
  /** One resolved value and the resolver it belongs to; replaced as a whole (safe publication). */
  private record Entry(Object owner, Object value) {}

  private volatile Entry entry;

  /** The value resolved by owner, or null when this term was not resolved by owner yet. */
  public Object get(Object owner) {
    Entry e = entry;
    return e != null && e.owner() == owner ? e.value() : null;
  }

  /** Records what owner resolved the term to (the last owner wins; others resolve again). */
  public void set(Object owner, Object value) {
    entry = new Entry(owner, value);
  }

  @Override public boolean equals(Object o) { return o instanceof Resolution; }

  @Override public int hashCode() { return 0; }

  @Override public String toString() { return "-"; }
}
