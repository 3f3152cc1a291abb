package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.Value;
import java.util.List;

/** Unification of terms with terms and with values: binds unbound pattern variables, compares the rest. */
final class Unification {
  private final Evaluator ev;

  Unification(Evaluator ev) { this.ev = ev; }

  boolean unify(Term a, Term b, EvalState s, Frame f, Cont k) {
    boolean bothOpen = hasUnboundPattern(a, f) && hasUnboundPattern(b, f);
    if (bothOpen && a instanceof Term.ArrayTerm aa && b instanceof Term.ArrayTerm ba) {
      if (aa.items().size() != ba.items().size()) {
        return true;
      }
      return unifyPairs(aa.items(), ba.items(), new boolean[aa.items().size()], aa.items().size(), s, f, k);
    }
    if (bothOpen && a instanceof Term.ObjectTerm ao && b instanceof Term.ObjectTerm bo) {
      if (ao.keys().size() != bo.keys().size()) {
        return true;
      }
      return ev.terms.items(ao.keys(), 0, new Value[ao.keys().size()], s, f, ka ->
          ev.terms.items(bo.keys(), 0, new Value[bo.keys().size()], s, f, kb -> {
            List<Term> left = new java.util.ArrayList<>();
            List<Term> right = new java.util.ArrayList<>();
            for (int i = 0; i < ka.length; i++) {
              int j = java.util.Arrays.asList(kb).indexOf(ka[i]);
              if (j < 0) {
                return true;
              }
              left.add(ao.values().get(i));
              right.add(bo.values().get(j));
            }
            return unifyPairs(left, right, new boolean[left.size()], left.size(), s, f, k);
          }));
    }
    if (hasUnboundPattern(a, f)) {
      if (hasUnboundPattern(b, f) && !(b instanceof Term.ArrayTerm || b instanceof Term.ObjectTerm)) {
        throw new EvalException(EvalException.INTERNAL, a.loc(), "unsafe unification of unbound variables");
      }
      Value v = ev.single.one(b, s, f);
      if (v != SingleValues.NOT_DIRECT) {
        return v == null || unifyValue(a, v, s, f, k);
      }
      return ev.terms.eval(b, s, f, bv -> unifyValue(a, bv, s, f, k));
    }
    Value v = ev.single.one(a, s, f);
    if (v != SingleValues.NOT_DIRECT) {
      return v == null || unifyValue(b, v, s, f, k);
    }
    return ev.terms.eval(a, s, f, av -> unifyValue(b, av, s, f, k));
  }

  /** Unifies pairs, first those where at most one side is open, so later pairs see the bindings. */
  private boolean unifyPairs(List<Term> as, List<Term> bs, boolean[] done, int remaining, EvalState s, Frame f,
      Cont k) {
    if (remaining == 0) {
      return k.run();
    }
    int pick = -1;
    for (int i = 0; i < as.size(); i++) {
      if (done[i]) {
        continue;
      }
      if (pick < 0) {
        pick = i;
      }
      if (!(hasUnboundPattern(as.get(i), f) && hasUnboundPattern(bs.get(i), f))) {
        pick = i;
        break;
      }
    }
    int idx = pick;
    done[idx] = true;
    try {
      return unify(as.get(idx), bs.get(idx), s, f, () -> unifyPairs(as, bs, done, remaining - 1, s, f, k));
    } finally {
      done[idx] = false;
    }
  }

  /** Unifies a pattern term with a value, binding unbound variables (undone afterwards). */
  boolean unifyValue(Term p, Value v, EvalState s, Frame f, Cont k) {
    if (p instanceof Term.Var var) {
      Value cur = f.get(var.name());
      if (cur != null) {
        return !cur.equals(v) || k.run();
      }
      int mark = f.mark();
      f.bind(var.name(), v);
      try {
        return k.run();
      } finally {
        f.undo(mark);
      }
    }
    if (p instanceof Term.ArrayTerm at && hasUnboundPattern(p, f)) {
      if (!(v instanceof ArrayValue av) || av.size() != at.items().size()) {
        return true;
      }
      return unifyArray(at.items(), av, 0, s, f, k);
    }
    if (p instanceof Term.ObjectTerm ot && hasUnboundPattern(p, f)) {
      if (!(v instanceof ObjectValue ov) || ov.size() != ot.keys().size()) {
        return true;
      }
      return unifyObject(ot, ov, 0, s, f, k);
    }
    Value pv = ev.single.one(p, s, f);
    if (pv != SingleValues.NOT_DIRECT) {
      return pv == null || !pv.equals(v) || k.run();
    }
    return ev.terms.eval(p, s, f, other -> !other.equals(v) || k.run());
  }

  private boolean unifyArray(List<Term> items, ArrayValue av, int i, EvalState s, Frame f, Cont k) {
    if (i == items.size()) {
      return k.run();
    }
    return unifyValue(items.get(i), av.get(i), s, f, () -> unifyArray(items, av, i + 1, s, f, k));
  }

  private boolean unifyObject(Term.ObjectTerm ot, ObjectValue ov, int i, EvalState s, Frame f, Cont k) {
    if (i == ot.keys().size()) {
      return k.run();
    }
    return ev.terms.eval(ot.keys().get(i), s, f, key -> {
      Value child = ov.get(key);
      return child == null || unifyValue(ot.values().get(i), child, s, f, () -> unifyObject(ot, ov, i + 1, s, f, k));
    });
  }

  /** True when t contains a variable in pattern position (var, array item, object value) that is unbound. */
  static boolean hasUnboundPattern(Term t, Frame f) {
    if (t instanceof Term.Var v) {
      return !f.isBound(v.name());
    }
    if (t instanceof Term.ArrayTerm a) {
      for (Term x : a.items()) {
        if (hasUnboundPattern(x, f)) {
          return true;
        }
      }
    } else if (t instanceof Term.ObjectTerm o) {
      for (Term x : o.values()) {
        if (hasUnboundPattern(x, f)) {
          return true;
        }
      }
    }
    return false;
  }
}
