package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/** Applies `with` modifiers: derives a state with replaced input, data or functions for one expression. */
final class WithModifiers {
  private final Evaluator ev;

  WithModifiers(Evaluator ev) { this.ev = ev; }

  boolean apply(Expr e, EvalState s, Frame f, Cont k) {
    return derive(e.withs(), 0, s, f, s2 -> ev.exprNoWith(e, s2, f, k));
  }

  boolean evalTermWith(Expr e, Term t, EvalState s, Frame f, ValueCont k) {
    return derive(e.withs(), 0, s, f, s2 -> ev.terms.eval(t, s2, f, k));
  }

  private interface StateCont {
    boolean run(EvalState s);
  }

  private boolean derive(List<Expr.With> withs, int i, EvalState s, Frame f, StateCont k) {
    if (i == withs.size()) {
      return k.run(s);
    }
    Expr.With w = withs.get(i);
    Term target = w.target();
    if (target instanceof Term.Var fn) {
      return function(fn.name(), w, s, f, withs, i, k);
    }
    Term.Ref ref = (Term.Ref) target;
    String root = ((Term.Var) ref.head()).name();
    String key = pathKey(ref);
    if (root.equals("data") && ev.policy.functionArities().containsKey(key)) {
      return function(key, w, s, f, withs, i, k);
    }
    List<String> path = new ArrayList<>();
    for (Term p : ref.path()) {
      if (!(p instanceof Term.Scalar sc) || !(sc.value() instanceof StringValue str)) {
        throw new EvalException(EvalException.INTERNAL, w.loc(), "with target path must be made of strings");
      }
      path.add(str.value());
    }
    return ev.terms.eval(w.value(), s, f, v -> {
      EvalState s2 = root.equals("input")
          ? s.withInput(path.isEmpty() ? v : upsert(s.input, path, 0, v))
          : s.withData(path, v);
      return derive(withs, i + 1, s2, f, k);
    });
  }

  private boolean function(String target, Expr.With w, EvalState s, Frame f, List<Expr.With> withs, int i,
      StateCont k) {
    Term value = w.value();
    if (value instanceof Term.Var v && ev.policy.builtins().get(v.name()).isPresent() && !f.isBound(v.name())) {
      return derive(withs, i + 1, s.withFunction(target, new EvalState.FunctionOverride(v.name(), null)), f, k);
    }
    if (value instanceof Term.Ref r && r.head() instanceof Term.Var h && h.name().equals("data")
        && ev.policy.functionArities().containsKey(pathKey(r))) {
      return derive(withs, i + 1, s.withFunction(target, new EvalState.FunctionOverride(pathKey(r), null)), f, k);
    }
    return ev.terms.eval(value, s, f, v ->
        derive(withs, i + 1, s.withFunction(target, new EvalState.FunctionOverride(null, v)), f, k));
  }

  static String pathKey(Term.Ref r) {
    return com.aibang.egress.rego.compiler.CallTargets.nameOf(r);
  }

  /** Returns base with v placed at path (objects created as needed, non-objects replaced). */
  static Value upsert(Value base, List<String> path, int i, Value v) {
    if (i == path.size()) {
      return v;
    }
    ObjectValue.Builder b = ObjectValue.builder();
    Value existing = null;
    if (base instanceof ObjectValue o) {
      b.putAll(o);
      existing = o.get(path.get(i));
    }
    b.put(path.get(i), upsert(existing, path, i + 1, v));
    return b.build();
  }
}
