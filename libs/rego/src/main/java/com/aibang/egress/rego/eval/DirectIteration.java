package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.Value;
import java.util.Map;

/**
 * `some [k,] v in coll` where coll has one value and k, v are distinct unbound variables: each member
 * binds the variables directly and the rest of the body runs as a plain call, instead of a
 * continuation closure per member, a unification per variable and an index value per array member
 * nobody asked for. Members, their order and the bindings are those of the general path.
 */
final class DirectIteration {
  private final Evaluator ev;

  DirectIteration(Evaluator ev) { this.ev = ev; }

  /** The variable a `some in` pattern binds, or null when the pattern is anything else or already bound. */
  static Term.Var openVar(Term pattern, Frame f) {
    return pattern instanceof Term.Var v && f.get(v.name()) == null ? v : null;
  }

  /**
   * Runs `some in` (an expression of b) and then b from index next for each member; null when the
   * collection is not direct here (nothing evaluated: use the general path), else the body's result.
   */
  Boolean run(Expr.SomeIn si, Term.Var key, Term.Var value, Body b, int next, EvalState s, Frame f, Cont k) {
    Value coll = ev.single.one(si.collection(), s, f);
    if (coll == SingleValues.NOT_DIRECT) {
      return null;
    }
    if (coll == null) {
      return Boolean.TRUE;
    }
    String kn = key == null ? null : key.name();
    String vn = value.name();
    int mark = f.mark();
    if (coll instanceof ArrayValue a) {
      for (int i = 0; i < a.size(); i++) {
        if (!member(kn, kn == null ? null : NumberValue.of(i), vn, a.get(i), b, next, s, f, k, mark)) {
          return Boolean.FALSE;
        }
      }
    } else if (coll instanceof SetValue set) {
      for (int i = 0; i < set.size(); i++) {
        Value m = set.member(i);
        if (!member(kn, m, vn, m, b, next, s, f, k, mark)) {
          return Boolean.FALSE;
        }
      }
    } else if (coll instanceof ObjectValue o) {
      for (Map.Entry<Value, Value> e : o.entries().entrySet()) {
        if (!member(kn, e.getKey(), vn, e.getValue(), b, next, s, f, k, mark)) {
          return Boolean.FALSE;
        }
      }
    }
    return Boolean.TRUE;
  }

  private boolean member(String kn, Value kv, String vn, Value vv, Body b, int next, EvalState s, Frame f, Cont k,
      int mark) {
    if (kn != null) {
      f.bind(kn, kv);
    }
    f.bind(vn, vv);
    try {
      return ev.body(b, next, s, f, k);
    } finally {
      f.undo(mark);
    }
  }
}
