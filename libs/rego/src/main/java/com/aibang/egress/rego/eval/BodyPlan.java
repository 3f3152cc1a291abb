package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.compiler.CallTargets;
import com.aibang.egress.rego.compiler.CompiledPolicy;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.Value;
import java.util.List;

/**
 * A body compiled once per policy into one step per expression, kept on the body: expressions
 * with at most one solution are decided without a continuation (a term or call whose arguments
 * are all direct, `not` of one, `x := t` / `x = t` / `t1 = t2` with direct sides binding at most a
 * plain variable, `f(args, out)` with a variable or direct out, `some x` declarations);
 * {@link Evaluator#body} runs them in a loop instead of nesting a closure per expression. Every
 * other expression (iteration, patterns, `with`) is a step that answers GENERAL: the general path.
 */
final class BodyPlan {
  /** Outcomes of {@link Step#apply}. */
  static final int FAILS = 0;
  static final int HOLDS = 1;
  /** Nothing was evaluated (nothing bound): use the general path for this expression. */
  static final int GENERAL = -1;

  private final CompiledPolicy owner;
  final Step[] steps;
  /** The parameter names of the function whose first clause has this body (see {@link #plainParams}). */
  private volatile Params params;

  /** Names of the parameters in list of (null when one is not a plain variable). */
  private record Params(List<Term> of, String[] names) {}

  private BodyPlan(CompiledPolicy owner, Step[] steps) {
    this.owner = owner;
    this.steps = steps;
  }

  /** b's plan for policy, compiled on first use. */
  static BodyPlan of(Body b, CompiledPolicy policy) {
    Object known = b.resolution().plan();
    if (known instanceof BodyPlan p && p.owner == policy) {
      return p;
    }
    List<Expr> exprs = b.exprs();
    Step[] steps = new Step[exprs.size()];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = step(exprs.get(i), policy);
    }
    BodyPlan p = new BodyPlan(policy, steps);
    b.resolution().setPlan(p);
    return p;
  }

  /**
   * The names of the function parameters params (the first clause's, whose body this is) when all
   * are plain variables, else null; worked out once instead of on every call.
   */
  String[] plainParams(List<Term> params) {
    Params known = this.params;
    if (known != null && known.of() == params) {
      return known.names();
    }
    String[] names = new String[params.size()];
    for (int i = 0; i < names.length; i++) {
      if (!(params.get(i) instanceof Term.Var v)) {
        names = null;
        break;
      }
      names[i] = v.name();
    }
    this.params = new Params(params, names);
    return names;
  }

  private static Step step(Expr e, CompiledPolicy policy) {
    Expr.Kind kind = e.kind();
    boolean someIn = kind instanceof Expr.SomeIn;
    if (!e.withs().isEmpty()) {
      return new General(someIn);
    }
    if (kind instanceof Expr.SomeDecl) {
      return e.negated() ? new General(false) : new Holds();
    }
    if (!(kind instanceof Expr.TermExpr te)) {
      return new General(someIn);
    }
    Term t = te.term();
    if (!(t instanceof Term.Call c)) {
      return new TermStep(TermNodes.compile(t, policy), e.negated());
    }
    List<Term> args = c.args();
    if (c.operator() instanceof Term.Var op && (op.name().equals("eq") || op.name().equals("assign"))) {
      return new Unify(args.get(0), args.get(1), policy, e.negated());
    }
    CallTargets.Target target = policy.calls().of(c);
    if (!TermNodes.directCapable(target)) {
      return new General(false);
    }
    TermNode.Call call = new TermNode.Call(policy, c, target, TermNodes.all(args, policy));
    return new CallStep(call, args.size(), target.hasOutputArg(args.size()), e.negated());
  }

  /** One expression of the body. */
  abstract static class Step {
    /** True for `some ... in` (the body loop iterates those itself). */
    final boolean someIn;

    Step(boolean someIn) { this.someIn = someIn; }

    /**
     * Evaluates the expression when it has at most one solution: HOLDS (a variable may have been
     * bound in f; the caller undoes it when it backtracks), FAILS, or GENERAL (nothing evaluated).
     */
    abstract int apply(Evaluator ev, EvalState s, Frame f);
  }

  private static boolean truthy(Value v) {
    return v != null && !v.equals(BooleanValue.FALSE);
  }

  private static int outcome(boolean holds, boolean negated) {
    return holds != negated ? HOLDS : FAILS;
  }

  /** Always the general path. */
  private static final class General extends Step {
    General(boolean someIn) { super(someIn); }

    @Override int apply(Evaluator ev, EvalState s, Frame f) { return GENERAL; }
  }

  /** `some x` declares and always holds. */
  private static final class Holds extends Step {
    Holds() { super(false); }

    @Override int apply(Evaluator ev, EvalState s, Frame f) { return HOLDS; }
  }

  /** A term other than a call, for truth. */
  private static final class TermStep extends Step {
    private final TermNode term;
    private final boolean negated;

    TermStep(TermNode term, boolean negated) {
      super(false);
      this.term = term;
      this.negated = negated;
    }

    @Override int apply(Evaluator ev, EvalState s, Frame f) {
      Value v = term.one(ev, s, f);
      return v == SingleValues.NOT_DIRECT ? GENERAL : outcome(truthy(v), negated);
    }
  }

  /** A call of a function builtin or user function, for truth or with its result unified with out. */
  private static final class CallStep extends Step {
    private final TermNode.Call call;
    private final int argc;
    private final boolean hasOut;
    private final boolean negated;
    private final Term out;
    /** out's name when it is a plain variable, else null. */
    private final String outVar;
    private final TermNode outNode;

    CallStep(TermNode.Call call, int argc, boolean hasOut, boolean negated) {
      super(false);
      this.call = call;
      this.argc = argc;
      this.hasOut = hasOut;
      this.negated = negated;
      this.out = hasOut ? call.term.args().get(argc - 1) : null;
      this.outVar = out instanceof Term.Var v ? v.name() : null;
      this.outNode = hasOut ? call.args[argc - 1] : null;
    }

    @Override int apply(Evaluator ev, EvalState s, Frame f) {
      if (!s.functionOverrides.isEmpty()) {
        return GENERAL;
      }
      if (!hasOut) {
        Value v = call.call(ev, s, f, argc);
        return v == SingleValues.NOT_DIRECT ? GENERAL : outcome(truthy(v), negated);
      }
      boolean bindsOut = outVar != null && f.get(outVar) == null;
      // a bound variable is direct; any other out term is checked
      if (bindsOut ? negated : outVar == null && !ev.single.direct(out, s, f)) {
        return GENERAL;
      }
      Value v = call.call(ev, s, f, argc - 1);
      if (v == SingleValues.NOT_DIRECT) {
        return GENERAL;
      }
      if (v == null) {
        return negated ? HOLDS : FAILS;
      }
      if (bindsOut) {
        f.bind(outVar, v);
        return HOLDS;
      }
      Value expected = outNode.one(ev, s, f);
      return outcome(expected != null && expected.equals(v), negated);
    }
  }

  /** a = b where each side is a direct term or (one side only, not negated) an unbound variable. */
  private static final class Unify extends Step {
    private final TermNode a;
    private final TermNode b;
    /** The sides' names when they are plain variables, else null. */
    private final String aVar;
    private final String bVar;
    private final boolean negated;

    Unify(Term a, Term b, CompiledPolicy policy, boolean negated) {
      super(false);
      this.a = TermNodes.compile(a, policy);
      this.b = TermNodes.compile(b, policy);
      this.aVar = a instanceof Term.Var v ? v.name() : null;
      this.bVar = b instanceof Term.Var v ? v.name() : null;
      this.negated = negated;
    }

    @Override int apply(Evaluator ev, EvalState s, Frame f) {
      boolean openA = aVar != null && f.get(aVar) == null;
      boolean openB = bVar != null && f.get(bVar) == null;
      if (openA || openB) {
        if (negated || openA && openB) {
          return GENERAL;
        }
        Value v = (openA ? b : a).one(ev, s, f);
        if (v == SingleValues.NOT_DIRECT) {
          return GENERAL;
        }
        if (v == null) {
          return FAILS;
        }
        f.bind(openA ? aVar : bVar, v);
        return HOLDS;
      }
      Value va = a.one(ev, s, f);
      if (va == SingleValues.NOT_DIRECT) {
        return GENERAL;
      }
      if (va == null) {
        return negated ? HOLDS : FAILS;
      }
      Value vb = b.one(ev, s, f);
      if (vb == SingleValues.NOT_DIRECT) {
        return GENERAL;
      }
      return outcome(vb != null && va.equals(vb), negated);
    }
  }
}
