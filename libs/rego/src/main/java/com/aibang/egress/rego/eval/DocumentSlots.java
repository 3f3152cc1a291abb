package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.compiler.RuleNode;
import com.aibang.egress.rego.value.Value;
import java.util.Arrays;

/**
 * Per-evaluation-state bookkeeping of rule-tree documents, in arrays indexed by
 * {@link RuleNode#index()}: the documents computed so far (a document is read many times per
 * query; an array slot is cheaper than hashing the node) and the nodes being computed (recursion
 * guard). A `with` state gets fresh documents and a copy of the guard.
 */
final class DocumentSlots {
  /** Stored for a document that was computed and is undefined. */
  private static final Object UNDEFINED = new Object();

  private final Object[] documents;
  private final boolean[] inProgress;

  private DocumentSlots(int nodes, boolean[] inProgress) {
    this.documents = new Object[nodes];
    this.inProgress = inProgress;
  }

  static DocumentSlots fresh(int nodes) {
    return new DocumentSlots(nodes, new boolean[nodes]);
  }

  /** Fresh documents, a copy of the recursion guard. */
  DocumentSlots derived() {
    return new DocumentSlots(documents.length, Arrays.copyOf(inProgress, inProgress.length));
  }

  /** Fresh documents, the same recursion guard (documents memoised across queries). */
  DocumentSlots sharingGuard() {
    return new DocumentSlots(documents.length, inProgress);
  }

  /** True when node's document is cached here (then {@link #cached} gives it). */
  boolean has(RuleNode node) {
    return documents[node.index()] != null;
  }

  /** The cached document, null when it is undefined. */
  Value cached(RuleNode node) {
    Object o = documents[node.index()];
    return o == UNDEFINED ? null : (Value) o;
  }

  void put(RuleNode node, Value v) {
    documents[node.index()] = v == null ? UNDEFINED : v;
  }

  /** Marks node as being computed; false when it already was (a recursion). */
  boolean enter(RuleNode node) {
    if (inProgress[node.index()]) {
      return false;
    }
    inProgress[node.index()] = true;
    return true;
  }

  void leave(RuleNode node) {
    inProgress[node.index()] = false;
  }

  boolean computing(RuleNode node) {
    return inProgress[node.index()];
  }
}
