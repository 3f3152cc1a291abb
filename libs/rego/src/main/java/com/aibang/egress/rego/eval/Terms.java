package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.builtins.GoText;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** Evaluates terms to values (a term may yield several values, e.g. refs with unbound variables). */
final class Terms {
  private final Evaluator ev;

  Terms(Evaluator ev) { this.ev = ev; }

  boolean eval(Term t, EvalState s, Frame f, ValueCont k) {
    if (t instanceof Term.Scalar sc) {
      return k.accept(sc.value());
    }
    if (t instanceof Term.Var v) {
      Value val = f.get(v.name());
      if (val == null) {
        throw new EvalException(EvalException.INTERNAL, v.loc(), "var " + display(v.name()) + " is unbound");
      }
      return k.accept(val);
    }
    if (t instanceof Term.Ref r) {
      Value v = ev.single.one(r, s, f);
      if (v != SingleValues.NOT_DIRECT) {
        return v == null || k.accept(v);
      }
      return ref(r, s, f, k);
    }
    if (t instanceof Term.Call c) {
      return ev.calls.call(c, c.args(), s, f, k);
    }
    if (t instanceof Term.ArrayTerm a) {
      return itemsOwned(a.items(), s, f, vals -> k.accept(ArrayValue.wrapArray(vals)));
    }
    if (t instanceof Term.SetTerm st) {
      return itemsOwned(st.items(), s, f, vals -> k.accept(SetValue.of(vals)));
    }
    if (t instanceof Term.ObjectTerm o) {
      List<Term> all = new ArrayList<>(o.keys());
      all.addAll(o.values());
      int n = o.keys().size();
      return items(all, 0, new Value[all.size()], s, f, vals -> {
        TreeMap<Value, Value> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
          Value old = m.put(vals[i], vals[n + i]);
          if (old != null && !old.equals(vals[n + i])) {
            throw new EvalException(EvalException.CONFLICT, o.loc(), "object keys must be unique");
          }
        }
        return k.accept(ObjectValue.wrap(m));
      });
    }
    if (t instanceof Term.ArrayCompr ac) {
      List<Value> out = new ArrayList<>();
      collect(ac.body(), s, f, () -> eval(ac.head(), s, f, v -> out.add(v) || true));
      return k.accept(ArrayValue.wrap(out));
    }
    if (t instanceof Term.SetCompr sc) {
      TreeSet<Value> out = new TreeSet<>();
      collect(sc.body(), s, f, () -> eval(sc.head(), s, f, v -> out.add(v) || true));
      return k.accept(SetValue.wrap(out));
    }
    if (t instanceof Term.ObjectCompr oc) {
      TreeMap<Value, Value> out = new TreeMap<>();
      collect(oc.body(), s, f, () -> eval(oc.key(), s, f, key -> eval(oc.value(), s, f, val -> {
        Value old = out.put(key, val);
        if (old != null && !old.equals(val)) {
          throw new EvalException(EvalException.CONFLICT, oc.loc(), "object keys must be unique");
        }
        return true;
      })));
      return k.accept(ObjectValue.wrap(out));
    }
    if (t instanceof Term.Template tpl) {
      return k.accept(template(tpl, s, f));
    }
    throw new IllegalStateException("unknown term " + t);
  }

  private static Value simpleValue(Term t, Frame f) {
    if (t instanceof Term.Scalar sc) {
      return sc.value();
    }
    return t instanceof Term.Var v ? f.get(v.name()) : null;
  }

  static String display(String var) {
    int i = var.indexOf('#');
    return i > 0 ? var.substring(0, i) : var;
  }

  private void collect(Body body, EvalState s, Frame f, Cont perSolution) {
    int mark = f.mark();
    try {
      ev.body(body, 0, s, f, perSolution);
    } finally {
      f.undo(mark);
    }
  }

  /** Values of several terms (cartesian product over their possible values). */
  interface ItemsCont {
    boolean accept(Value[] values);
  }

  /**
   * Like {@link #items} from the first term into a new array; when every term is a constant or a
   * bound variable (most call arguments) that array is handed over as is, since it has exactly one
   * solution and is never written again, saving the defensive copy.
   */
  boolean itemsOwned(List<Term> ts, EvalState s, Frame f, ItemsCont k) {
    int n = ts.size();
    Value[] acc = new Value[n];
    for (int j = 0; j < n; j++) {
      Term t = ts.get(j);
      Value v = simpleValue(t, f);
      if (v == null) {
        v = ev.single.one(t, s, f);
        if (v == SingleValues.NOT_DIRECT) {
          return items(ts, j, acc, s, f, k); // the general path from here (terms before j are done)
        }
        if (v == null) {
          return true; // undefined: no solutions
        }
      }
      acc[j] = v;
    }
    return k.accept(acc);
  }

  boolean items(List<Term> ts, int i, Value[] acc, EvalState s, Frame f, ItemsCont k) {
    if (i == ts.size()) {
      return k.accept(acc.clone());
    }
    if (noBareUnboundVar(ts, i, f)) {
      return inOrder(ts, i, acc, s, f, k);
    }
    boolean[] done = new boolean[ts.size()];
    for (int j = 0; j < i; j++) {
      done[j] = true;
    }
    return itemsAnyOrder(ts, done, ts.size() - i, acc, s, f, k);
  }

  private static boolean noBareUnboundVar(List<Term> ts, int from, Frame f) {
    for (int j = from; j < ts.size(); j++) {
      if (ts.get(j) instanceof Term.Var v && !f.isBound(v.name())) {
        return false;
      }
    }
    return true;
  }

  /** Common case (no term waits for another to bind it): evaluate left to right, constants without a callback. */
  private boolean inOrder(List<Term> ts, int i, Value[] acc, EvalState s, Frame f, ItemsCont k) {
    int j = i;
    while (j < ts.size()) {
      Term t = ts.get(j);
      Value v = simpleValue(t, f);
      if (v == null) {
        v = ev.single.one(t, s, f);
        if (v == SingleValues.NOT_DIRECT) {
          break;
        }
        if (v == null) {
          return true; // undefined: no solutions
        }
      }
      acc[j++] = v;
    }
    if (j == ts.size()) {
      return k.accept(acc.clone());
    }
    int idx = j;
    return eval(ts.get(idx), s, f, v -> {
      acc[idx] = v;
      return inOrder(ts, idx + 1, acc, s, f, k);
    });
  }

  /** Evaluates the remaining terms, postponing bare unbound variables until other terms have bound them. */
  private boolean itemsAnyOrder(List<Term> ts, boolean[] done, int remaining, Value[] acc, EvalState s, Frame f,
      ItemsCont k) {
    if (remaining == 0) {
      return k.accept(acc.clone());
    }
    // constants and bound variables have exactly one value: take them without recursion
    List<Integer> simple = new ArrayList<>();
    for (int j = 0; j < ts.size(); j++) {
      if (!done[j]) {
        Value v = simpleValue(ts.get(j), f);
        if (v != null) {
          acc[j] = v;
          done[j] = true;
          simple.add(j);
        }
      }
    }
    if (!simple.isEmpty()) {
      try {
        return itemsAnyOrder(ts, done, remaining - simple.size(), acc, s, f, k);
      } finally {
        simple.forEach(j -> done[j] = false);
      }
    }
    int pick = -1;
    for (int j = 0; j < ts.size(); j++) {
      if (!done[j]) {
        if (pick < 0) {
          pick = j;
        }
        if (!(ts.get(j) instanceof Term.Var v) || f.isBound(v.name())) {
          pick = j;
          break;
        }
      }
    }
    int idx = pick;
    return eval(ts.get(idx), s, f, v -> {
      acc[idx] = v;
      done[idx] = true;
      try {
        return itemsAnyOrder(ts, done, remaining - 1, acc, s, f, k);
      } finally {
        done[idx] = false;
      }
    });
  }

  private Value template(Term.Template tpl, EvalState s, Frame f) {
    StringBuilder sb = new StringBuilder(tpl.parts().get(0));
    for (int i = 0; i < tpl.exprs().size(); i++) {
      Expr e = tpl.exprs().get(i);
      Value[] first = {null};
      if (e.kind() instanceof Expr.TermExpr te) {
        if (e.withs().isEmpty()) {
          eval(te.term(), s, f, v -> {
            first[0] = v;
            return false;
          });
        } else {
          new WithModifiers(ev).evalTermWith(e, te.term(), s, f, v -> {
            first[0] = v;
            return false;
          });
        }
      }
      Value v = first[0];
      sb.append(v == null ? "<undefined>" : v instanceof StringValue str ? str.value() : GoText.of(v));
      sb.append(tpl.parts().get(i + 1));
    }
    return StringValue.of(sb.toString());
  }

  // ---- references ----------------------------------------------------------------------------

  boolean ref(Term.Ref r, EvalState s, Frame f, ValueCont k) {
    Term head = r.head();
    if (head instanceof Term.Var v) {
      if (v.name().equals("data")) {
        return ev.documents.data(r.path(), s, f, k);
      }
      if (v.name().equals("input")) {
        return s.input == null || navigate(s.input, r.path(), 0, s, f, k);
      }
    }
    return eval(head, s, f, hv -> navigate(hv, r.path(), 0, s, f, k));
  }

  /** Applies path[i..] to v: ground elements look up, unbound ones iterate and bind. */
  boolean navigate(Value v, List<Term> path, int i, EvalState s, Frame f, ValueCont k) {
    return navigate(v, path, i, s, f, k, false);
  }

  /** dataKeys: integer keys also find string keys of objects, as for base documents under data. */
  boolean navigate(Value v, List<Term> path, int i, EvalState s, Frame f, ValueCont k, boolean dataKeys) {
    if (i == path.size()) {
      return k.accept(v);
    }
    Term elem = path.get(i);
    if (Evaluator.hasUnboundPattern(elem, f)) {
      return Evaluator.iterate(v, (key, child) ->
          ev.unifyValue(elem, key, s, f, () -> navigate(child, path, i + 1, s, f, k, dataKeys)));
    }
    Value known = simpleValue(elem, f);
    if (known != null) {
      return navigateKey(v, known, path, i, s, f, k, dataKeys);
    }
    return eval(elem, s, f, key -> navigateKey(v, key, path, i, s, f, k, dataKeys));
  }

  private boolean navigateKey(Value v, Value key, List<Term> path, int i, EvalState s, Frame f, ValueCont k,
      boolean dataKeys) {
    Value child = childOf(v, key, dataKeys);
    return child == null || navigate(child, path, i + 1, s, f, k, dataKeys);
  }

  /** child(v, key); with dataKeys an integer key also finds the string key of base data objects. */
  static Value childOf(Value v, Value key, boolean dataKeys) {
    Value child = child(v, key);
    if (child == null && dataKeys && key instanceof NumberValue n && n.isInteger()) {
      child = child(v, StringValue.of(n.toString()));
    }
    return child;
  }

  static Value child(Value collection, Value key) {
    if (collection instanceof ObjectValue o) {
      return o.get(key);
    }
    if (collection instanceof ArrayValue a) {
      if (key instanceof NumberValue n) {
        return n.intValue().filter(x -> x >= 0 && x < a.size()).map(a::get).orElse(null);
      }
      return null;
    }
    if (collection instanceof SetValue set) {
      return set.contains(key) ? key : null;
    }
    return null;
  }
}
