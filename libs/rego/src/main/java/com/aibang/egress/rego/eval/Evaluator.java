package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.EvalLimits;
import com.aibang.egress.rego.EvalListener;
import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Location;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.compiler.CallTargets;
import com.aibang.egress.rego.compiler.CompiledPolicy;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.Value;
import java.util.List;
import java.util.Map;

/**
 * Top-down evaluator: bodies and expressions with backtracking over a {@link Frame}, unification,
 * negation, some/every and `with`. Terms, documents and calls are delegated to helper classes.
 * One instance per evaluation (not thread-safe); the compiled policy it reads is immutable.
 */
public final class Evaluator {
  final CompiledPolicy policy;
  final Terms terms;
  final Documents documents;
  final Calls calls;
  final IndexedIteration indexed;
  final SingleValues single;
  private final DirectIteration directIteration;
  private final Unification unification;

  final EvalBudget budget;
  private final EvalListener listener;

  public Evaluator(CompiledPolicy policy) {
    this(policy, EvalLimits.NONE);
  }

  public Evaluator(CompiledPolicy policy, EvalLimits limits) {
    this(policy, limits, null);
  }

  /** listener may be null (no calls). */
  public Evaluator(CompiledPolicy policy, EvalLimits limits, EvalListener listener) {
    this.policy = policy;
    this.listener = listener;
    this.budget = new EvalBudget(limits);
    this.terms = new Terms(this);
    this.documents = new Documents(this);
    this.calls = new Calls(this);
    this.indexed = new IndexedIteration(this);
    this.single = new SingleValues(this);
    this.directIteration = new DirectIteration(this);
    this.unification = new Unification(this);
  }

  boolean body(Body b, int i, EvalState s, Frame f, Cont k) {
    return body(b, i, s, f, k, false);
  }

  /** Outcomes of {@link #directPrefix} besides the index of the first expression left to {@link #bodyAfterPrefix}. */
  static final int PREFIX_FAILS = -1;

  /**
   * Runs b's leading deterministic expressions (see {@link BodyPlan}) in a loop, keeping
   * their bindings in f: PREFIX_FAILS when one fails, b's size when all hold, else the index of the
   * first expression that needs the general path (its step already counted; continue with
   * {@link #bodyAfterPrefix}). Only without a listener (which must see expressions as the general
   * path reports them); rules and functions use it to evaluate a body without continuation closures.
   */
  int directPrefix(Body b, EvalState s, Frame f) {
    BodyPlan.Step[] steps = BodyPlan.of(b, policy).steps;
    int n = steps.length;
    for (int j = 0; ; j++) {
      budget.step();
      if (j == n) {
        return n;
      }
      BodyPlan.Step step = steps[j];
      if (step.someIn) {
        return j;
      }
      int outcome = step.apply(this, s, f);
      if (outcome == BodyPlan.FAILS) {
        return PREFIX_FAILS;
      }
      if (outcome == BodyPlan.GENERAL) {
        return j;
      }
    }
  }

  /** The rest of b from index i (a result of {@link #directPrefix}, whose step was counted there). */
  boolean bodyAfterPrefix(Body b, int i, EvalState s, Frame f, Cont k) {
    return body(b, i, s, f, k, true);
  }

  RuleEvaluator rules() { return documents.rules(); }

  /** True when nobody listens to this evaluation (then {@link #directPrefix} may be used). */
  boolean unobserved() { return listener == null; }

  private boolean body(Body b, int i, EvalState s, Frame f, Cont k, boolean firstStepped) {
    List<Expr> exprs = b.exprs();
    BodyPlan.Step[] steps = BodyPlan.of(b, policy).steps;
    int n = steps.length;
    int mark = f.mark();
    try {
      // deterministic expressions run in this loop; bindings they make are undone on the way out
      for (int j = i; ; j++) {
        if (j != i || !firstStepped) {
          budget.step();
        }
        if (j == n) {
          return k.run();
        }
        BodyPlan.Step step = steps[j];
        int next = j + 1;
        if (!step.someIn) {
          if (listener != null) {
            listener.expr(exprs.get(j).loc());
          }
          int outcome = step.apply(this, s, f);
          if (outcome == BodyPlan.FAILS) {
            return true;
          }
          if (outcome == BodyPlan.GENERAL) {
            return expr(exprs.get(j), s, f, () -> body(b, next, s, f, k), false);
          }
          continue;
        }
        Expr e = exprs.get(j);
        if (e.kind() instanceof Expr.SomeIn si && next < n && !e.negated() && e.withs().isEmpty()) {
          IndexedIteration.Filter filter = IndexedIteration.match(si, exprs.get(next), f);
          if (filter != null) {
            if (listener != null) {
              listener.expr(e.loc());
            }
            return indexed.someIn(si, filter, s, f, () -> body(b, next, s, f, k));
          }
        }
        if (e.kind() instanceof Expr.SomeIn si && !e.negated() && e.withs().isEmpty()) {
          Term.Var value = DirectIteration.openVar(si.value(), f);
          Term.Var key = si.key() == null ? null : DirectIteration.openVar(si.key(), f);
          if (value != null && (si.key() == null || key != null && key.name() != value.name())) {
            if (listener != null) {
              listener.expr(e.loc());
            }
            Boolean done = directIteration.run(si, key, value, b, next, s, f, k);
            if (done != null) {
              return done;
            }
            return expr(e, s, f, () -> body(b, next, s, f, k), false);
          }
        }
        if (listener != null) {
          listener.expr(e.loc());
        }
        // some-in steps are always GENERAL (see BodyPlan): the general path iterates
        return expr(e, s, f, () -> body(b, next, s, f, k), false);
      }
    } finally {
      f.undo(mark);
    }
  }

  boolean expr(Expr e, EvalState s, Frame f, Cont k) {
    return expr(e, s, f, k, true);
  }

  /** report: tell the listener about e (false when the caller already did). */
  private boolean expr(Expr e, EvalState s, Frame f, Cont k, boolean report) {
    if (report && listener != null) {
      listener.expr(e.loc());
    }
    if (!e.withs().isEmpty()) {
      return new WithModifiers(this).apply(e, s, f, k);
    }
    return exprNoWith(e, s, f, k);
  }

  boolean exprNoWith(Expr e, EvalState s, Frame f, Cont k) {
    if (e.negated()) {
      int mark = f.mark();
      boolean exhausted = kind(e, s, f, () -> false);
      f.undo(mark);
      return exhausted ? k.run() : true;
    }
    return kind(e, s, f, k);
  }

  private boolean kind(Expr e, EvalState s, Frame f, Cont k) {
    Expr.Kind kind = e.kind();
    if (kind instanceof Expr.TermExpr te) {
      return termExpr(te.term(), s, f, k);
    }
    if (kind instanceof Expr.SomeDecl) {
      return k.run();
    }
    if (kind instanceof Expr.SomeIn si) {
      return terms.eval(si.collection(), s, f, coll -> iterate(coll, (key, val) -> someInMember(si, key, val, s, f, k)));
    }
    if (kind instanceof Expr.Every ev) {
      return every(ev, s, f, k);
    }
    if (kind instanceof Expr.Group g) {
      return !holds(g.body(), s, f) || k.run();
    }
    if (kind instanceof Expr.Logic l) {
      boolean result = !l.or();
      for (Expr operand : l.operands()) {
        int mark = f.mark();
        boolean holds = !expr(operand, s, f, () -> false);
        f.undo(mark);
        if (holds == l.or()) {
          result = holds;
          break;
        }
      }
      return !result || k.run();
    }
    throw new IllegalStateException("unknown expression " + kind);
  }

  private boolean termExpr(Term t, EvalState s, Frame f, Cont k) {
    if (t instanceof Term.Call c) {
      if (c.operator() instanceof Term.Var op) {
        String name = op.name();
        if (name.equals("eq") || name.equals("assign")) {
          return unify(c.args().get(0), c.args().get(1), s, f, k);
        }
      }
      CallTargets.Target target = policy.calls().of(c);
      int argc = c.args().size();
      if (Calls.directTarget(target, s)) {
        // no continuation closures for the common case: arguments with one value each
        if (target.hasOutputArg(argc)) {
          Value v = calls.callOne(c, target, argc - 1, s, f);
          if (v != SingleValues.NOT_DIRECT) {
            return v == null || unifyValue(c.args().get(argc - 1), v, s, f, k);
          }
        } else {
          Value v = calls.callOne(c, target, argc, s, f);
          if (v != SingleValues.NOT_DIRECT) {
            return v == null || v.equals(BooleanValue.FALSE) || k.run();
          }
        }
      }
      if (target.hasOutputArg(argc)) {
        Term out = c.args().get(argc - 1);
        return calls.call(c, target, c.args().subList(0, argc - 1), s, f, v -> unifyValue(out, v, s, f, k));
      }
      return calls.call(c, target, c.args(), s, f, v -> v.equals(BooleanValue.FALSE) || k.run());
    }
    return terms.eval(t, s, f, v -> v.equals(BooleanValue.FALSE) || k.run());
  }

  /** True when the body has at least one solution (bindings are undone). */
  private boolean holds(Body b, EvalState s, Frame f) {
    int mark = f.mark();
    try {
      return !body(b, 0, s, f, () -> false);
    } finally {
      f.undo(mark);
    }
  }

  /** Tells the listener (if any) that the rule branch at loc produced its value. */
  void ruleValue(Location loc) {
    if (listener != null) {
      listener.ruleValue(loc);
    }
  }

  /** Binds the key/value patterns of `some [key,] value in coll` to one member, then runs k. */
  boolean someInMember(Expr.SomeIn si, Value key, Value val, EvalState s, Frame f, Cont k) {
    return si.key() == null ? unifyValue(si.value(), val, s, f, k)
        : unifyValue(si.key(), key, s, f, () -> unifyValue(si.value(), val, s, f, k));
  }

  private boolean every(Expr.Every ev, EvalState s, Frame f, Cont k) {
    return terms.eval(ev.domain(), s, f, dom -> {
      boolean[] allOk = {true};
      iterate(dom, (key, val) -> {
        int mark = f.mark();
        boolean[] found = {false};
        Cont inner = () -> {
          found[0] = !body(ev.body(), 0, s, f, () -> false);
          return false;
        };
        try {
          if (ev.key() == null) {
            unifyValue(ev.value(), val, s, f, inner);
          } else {
            unifyValue(ev.key(), key, s, f, () -> unifyValue(ev.value(), val, s, f, inner));
          }
        } finally {
          f.undo(mark);
        }
        if (!found[0]) {
          allOk[0] = false;
        }
        return found[0];
      });
      return !allOk[0] || k.run();
    });
  }

  /** Calls c(key, value) for each member of a collection (sets: key == value); stops when c returns false. */
  static boolean iterate(Value coll, EntryCont c) {
    if (coll instanceof ArrayValue a) {
      for (int i = 0; i < a.size(); i++) {
        if (!c.accept(NumberValue.of(i), a.get(i))) {
          return false;
        }
      }
    } else if (coll instanceof ObjectValue o) {
      for (Map.Entry<Value, Value> e : o.entries().entrySet()) {
        if (!c.accept(e.getKey(), e.getValue())) {
          return false;
        }
      }
    } else if (coll instanceof SetValue set) {
      for (Value v : set.items()) {
        if (!c.accept(v, v)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Receives collection members. */
  @FunctionalInterface
  interface EntryCont {
    boolean accept(Value key, Value value);
  }

  boolean unify(Term a, Term b, EvalState s, Frame f, Cont k) {
    return unification.unify(a, b, s, f, k);
  }

  /** Unifies a pattern term with a value, binding unbound variables (undone afterwards). */
  boolean unifyValue(Term p, Value v, EvalState s, Frame f, Cont k) {
    return unification.unifyValue(p, v, s, f, k);
  }

  /** True when t contains a variable in pattern position (var, array item, object value) that is unbound. */
  static boolean hasUnboundPattern(Term t, Frame f) {
    return Unification.hasUnboundPattern(t, f);
  }
}
