package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.RegoError;
import com.aibang.egress.rego.compiler.RuleNode;
import com.aibang.egress.rego.value.Value;
import java.util.function.Function;

/**
 * Documents of data-only rule-tree nodes ({@link RuleNode#dataOnly()}), computed once per compiled
 * policy and shared by every later query. Stopping errors (conflicts, limits) are never stored:
 * they reach the query that met them and the next query computes again. A builtin error (which
 * makes an expression undefined) is stored with the document and replayed to strict queries.
 */
final class MemoisedDocuments {
  /** A memoised document (null = undefined) and the first builtin error met computing it. */
  private record Memo(Value value, RegoError builtinError) {}

  private MemoisedDocuments() {}

  /** True when node's document may come from the policy-wide memo in state s. */
  static boolean applies(RuleNode node, EvalState s) {
    // a node already being computed on this thread is a recursion: the ordinary path reports it
    return s.memoAllowed && node.dataOnly() && !s.documents.computing(node);
  }

  /** True when node's document was computed before: {@link #get} then needs no compute function. */
  static boolean computed(Evaluator ev, RuleNode node) {
    return ev.policy.memo().known(node.index()) != null;
  }

  /** node's document, computing it with compute (in a state without input) on first use (null: {@link #computed}). */
  static Value get(Evaluator ev, RuleNode node, EvalState s, Function<EvalState, Value> compute) {
    Memo known = ev.policy.memo().known(node.index());
    Memo m = known != null ? known : ev.policy.memo().get(node.index(), ev.policy.root().subtreeSize(), node, () -> {
      // strict here only records the builtin error; each query decides what to do with it
      EvalState.Shared own = new EvalState.Shared(true, s.shared.builtinContext);
      Value v = compute.apply(s.forMemo(own));
      return new Memo(v, own.firstBuiltinError);
    });
    return valueOf(m, s);
  }

  private static Value valueOf(Memo m, EvalState s) {
    if (m.builtinError() != null && s.shared.strict && s.shared.firstBuiltinError == null) {
      s.shared.firstBuiltinError = m.builtinError();
    }
    return m.value();
  }
}
