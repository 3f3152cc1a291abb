package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Indexed iteration: `some entry in coll` immediately followed by `entry.f.g == probe` (or `=`, or
 * `entry == probe`) where probe is already known visits only the members whose field equals probe,
 * found through a {@link FieldIndex}, instead of scanning coll. The equality expression still runs
 * for each visited member, and skipped members are exactly those for which it is undefined or
 * false (equality has no side effects), so the solutions and their order are unchanged.
 */
final class IndexedIteration {
  /** Smaller collections are scanned; an index does not pay for itself there. */
  static final int MIN_SIZE = 16;

  /** Field path inside each member, and the term whose value the field must equal. */
  record Filter(List<Value> path, Term probe) {}

  private final Evaluator ev;

  IndexedIteration(Evaluator ev) { this.ev = ev; }

  /** The filter `next` applies to the members bound by si, or null when the pattern does not apply. */
  static Filter match(Expr.SomeIn si, Expr next, Frame f) {
    if (!(si.value() instanceof Term.Var member) || f.isBound(member.name())
        || next.negated() || !next.withs().isEmpty() || !(next.kind() instanceof Expr.TermExpr te)
        || !(te.term() instanceof Term.Call c) || !(c.operator() instanceof Term.Var op)
        || !(op.name().equals("equal") || op.name().equals("eq")) || c.args().size() != 2) {
      return null;
    }
    Filter left = filter(member, c.args().get(0), c.args().get(1), f);
    return left != null ? left : filter(member, c.args().get(1), c.args().get(0), f);
  }

  private static Filter filter(Term.Var member, Term field, Term probe, Frame f) {
    List<Value> path = new ArrayList<>();
    if (field instanceof Term.Ref r && r.head() instanceof Term.Var h && h.name().equals(member.name())) {
      for (Term p : r.path()) {
        if (!(p instanceof Term.Scalar sc)) {
          return null;
        }
        path.add(sc.value());
      }
    } else if (!(field instanceof Term.Var v && v.name().equals(member.name()))) {
      return null;
    }
    return isKnown(probe, f) ? new Filter(List.copyOf(path), probe) : null;
  }

  /** Constants, bound variables and refs into input or bound variables by known keys: at most one value, no errors. */
  private static boolean isKnown(Term t, Frame f) {
    if (t instanceof Term.Scalar) {
      return true;
    }
    if (t instanceof Term.Var v) {
      return f.isBound(v.name());
    }
    if (t instanceof Term.Ref r && r.head() instanceof Term.Var h && (h.name().equals("input") || f.isBound(h.name()))) {
      for (Term p : r.path()) {
        if (!(p instanceof Term.Scalar) && !(p instanceof Term.Var pv && f.isBound(pv.name()))) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** Evaluates `some [key,] member in coll` restricted by filter, then k (the rest of the body, the equality first). */
  boolean someIn(Expr.SomeIn si, Filter filter, EvalState s, Frame f, Cont k) {
    return ev.terms.eval(si.collection(), s, f, coll -> {
      FieldIndex index = size(coll) >= MIN_SIZE ? FieldIndex.of(coll, filter.path()) : null;
      if (index == null) {
        return Evaluator.iterate(coll, (key, val) -> ev.someInMember(si, key, val, s, f, k));
      }
      Value[] probe = {null};
      ev.terms.eval(filter.probe(), s, f, v -> {
        probe[0] = v;
        return false;
      });
      if (probe[0] == null) {
        return true; // the equality is undefined for every member
      }
      for (FieldIndex.Member m : index.lookup(probe[0])) {
        if (!ev.someInMember(si, m.key(), m.value(), s, f, k)) {
          return false;
        }
      }
      return true;
    });
  }

  private static int size(Value coll) {
    if (coll instanceof ArrayValue a) {
      return a.size();
    }
    if (coll instanceof ObjectValue o) {
      return o.size();
    }
    return coll instanceof SetValue st ? st.size() : 0;
  }
}
