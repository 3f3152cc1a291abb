package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.compiler.CallTargets;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.Value;
import java.util.List;

/**
 * Expressions with at most one solution, decided without a continuation: a term (or call) whose
 * arguments are all {@link SingleValues#direct}, `not` of one, `x := t` / `x = t` / `t1 = t2` with
 * direct sides (binding at most a plain variable), `f(args, out)` with a variable or direct out, and
 * `some x` declarations. {@link Evaluator#body} runs these in a loop instead of nesting a closure
 * per expression; everything else (iteration, patterns, `with`) takes the general path.
 */
final class DeterministicExprs {
  /** Outcomes of {@link #apply}. */
  static final int FAILS = 0;
  static final int HOLDS = 1;
  static final int GENERAL = -1;

  private final Evaluator ev;
  private final SingleValues single;

  DeterministicExprs(Evaluator ev) {
    this.ev = ev;
    this.single = ev.single;
  }

  /**
   * Evaluates e when it is deterministic: HOLDS (a variable may have been bound in f; the caller
   * undoes it when it backtracks), FAILS, or GENERAL (nothing was evaluated: use the general path).
   */
  int apply(Expr e, EvalState s, Frame f) {
    if (!e.withs().isEmpty()) {
      return GENERAL;
    }
    Expr.Kind kind = e.kind();
    if (kind instanceof Expr.SomeDecl) {
      return e.negated() ? GENERAL : HOLDS;
    }
    if (!(kind instanceof Expr.TermExpr te)) {
      return GENERAL;
    }
    Term t = te.term();
    if (t instanceof Term.Call c) {
      return call(c, e.negated(), s, f);
    }
    Value v = single.one(t, s, f);
    if (v == SingleValues.NOT_DIRECT) {
      return GENERAL;
    }
    return outcome(truthy(v), e.negated());
  }

  private int call(Term.Call c, boolean negated, EvalState s, Frame f) {
    List<Term> args = c.args();
    if (c.operator() instanceof Term.Var op && (op.name().equals("eq") || op.name().equals("assign"))) {
      return unify(args.get(0), args.get(1), negated, s, f);
    }
    CallTargets.Target target = ev.policy.calls().of(c);
    if (!Calls.directTarget(target, s)) {
      return GENERAL;
    }
    int argc = args.size();
    if (!target.hasOutputArg(argc)) {
      Value v = ev.calls.callOne(c, target, argc, s, f);
      return v == SingleValues.NOT_DIRECT ? GENERAL : outcome(truthy(v), negated);
    }
    Term out = args.get(argc - 1);
    boolean bindsOut = out instanceof Term.Var v && !f.isBound(v.name());
    if (bindsOut ? negated : !single.direct(out, s, f)) {
      return GENERAL;
    }
    Value v = ev.calls.callOne(c, target, argc - 1, s, f);
    if (v == SingleValues.NOT_DIRECT) {
      return GENERAL;
    }
    if (v == null) {
      return negated ? HOLDS : FAILS;
    }
    if (bindsOut) {
      f.bind(((Term.Var) out).name(), v);
      return HOLDS;
    }
    Value expected = single.one(out, s, f);
    return outcome(expected != null && expected.equals(v), negated);
  }

  /** a = b where each side is a direct term or (one side only, not negated) an unbound variable. */
  private int unify(Term a, Term b, boolean negated, EvalState s, Frame f) {
    Term.Var openA = a instanceof Term.Var v && !f.isBound(v.name()) ? v : null;
    Term.Var openB = b instanceof Term.Var v && !f.isBound(v.name()) ? v : null;
    if (openA != null || openB != null) {
      if (negated || openA != null && openB != null) {
        return GENERAL;
      }
      Term other = openA != null ? b : a;
      Value v = single.one(other, s, f);
      if (v == SingleValues.NOT_DIRECT) {
        return GENERAL;
      }
      if (v == null) {
        return FAILS;
      }
      f.bind((openA != null ? openA : openB).name(), v);
      return HOLDS;
    }
    Value va = single.one(a, s, f);
    if (va == SingleValues.NOT_DIRECT) {
      return GENERAL;
    }
    if (va == null) {
      return negated ? HOLDS : FAILS;
    }
    Value vb = single.one(b, s, f);
    if (vb == SingleValues.NOT_DIRECT) {
      return GENERAL;
    }
    return outcome(vb != null && va.equals(vb), negated);
  }

  private static boolean truthy(Value v) {
    return v != null && !v.equals(BooleanValue.FALSE);
  }

  private static int outcome(boolean holds, boolean negated) {
    return holds != negated ? HOLDS : FAILS;
  }
}
