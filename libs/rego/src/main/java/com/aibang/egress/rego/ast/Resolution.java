package com.aibang.egress.rego.ast;

/**
 * What the compiler resolved a call or data reference to (its target, where its walk starts),
 * and the evaluator's plan for a term or body, cached on it so evaluation reaches them without a
 * map lookup. The owner (the compiled policy's resolver) is stored with it: a term read under
 * another owner resolves again. Not part of the term's meaning: every resolution equals every
 * other, so terms compare and hash as before.
 */
public final class Resolution {
  /** One resolved value and the resolver it belongs to; replaced as a whole (safe publication). */
  private record Entry(Object owner, Object value) {}

  private volatile Entry entry;
  /** The evaluator's plan for the term or body (see {@link #plan}); apart from entry so neither evicts the other. */
  private volatile Object plan;

  /** The value resolved by owner, or null when this term was not resolved by owner yet. */
  public Object get(Object owner) {
    Entry e = entry;
    return e != null && e.owner() == owner ? e.value() : null;
  }

  /** Records what owner resolved the term to (the last owner wins; others resolve again). */
  public void set(Object owner, Object value) {
    entry = new Entry(owner, value);
  }

  /**
   * The evaluator's plan for this term or body, or null. The plan records the policy it was made for
   * and the caller checks it: one memory hop less than an owner entry, read on every evaluation.
   */
  public Object plan() { return plan; }

  /** Records an evaluation plan (the last one wins; a plan of another policy is made again). */
  public void setPlan(Object value) { plan = value; }

  @Override public boolean equals(Object o) { return o instanceof Resolution; }

  @Override public int hashCode() { return 0; }

  @Override public String toString() { return "-"; }
}
