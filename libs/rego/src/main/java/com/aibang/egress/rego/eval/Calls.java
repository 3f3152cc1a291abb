package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.RegoError;
import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.builtins.Args;
import com.aibang.egress.rego.builtins.Builtin;
import com.aibang.egress.rego.builtins.BuiltinException;
import com.aibang.egress.rego.builtins.GoText;
import com.aibang.egress.rego.compiler.CallTargets;
import com.aibang.egress.rego.compiler.CompiledRule;
import com.aibang.egress.rego.compiler.RuleNode;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/** Calls of builtins and user functions, honouring `with` function replacements and strict errors. */
final class Calls {
  private static final int MAX_DEPTH = 2000;

  private final Evaluator ev;
  private int depth;

  Calls(Evaluator ev) { this.ev = ev; }

  boolean call(Term.Call c, List<Term> args, EvalState state, Frame f, ValueCont k) {
    return call(c, ev.policy.calls().of(c), args, state, f, k);
  }

  /** Like the above with c's target already looked up (an expression needs it twice otherwise). */
  boolean call(Term.Call c, CallTargets.Target resolved, List<Term> args, EvalState state, Frame f, ValueCont k) {
    CallTargets.Target target = resolved;
    EvalState s = state;
    if (!s.functionOverrides.isEmpty()) {
      EvalState.FunctionOverride ov = s.functionOverrides.get(target.name());
      if (ov != null) {
        if (ov.constant() != null) {
          return ev.terms.itemsOwned(args, s, f, vals -> k.accept(ov.constant()));
        }
        // the replacement runs without its own override, so a mock may call what it replaces
        s = s.withoutFunction(target.name());
        target = ev.policy.calls().byName(ov.function(), args.size());
      }
    }
    EvalState st = s;
    if (target.print()) {
      return print(args, st, f, k);
    }
    String name = target.name();
    if (directTarget(target, st)) {
      Value v = callOne(c, target, args.size(), st, f);
      if (v != SingleValues.NOT_DIRECT) {
        return v == null || k.accept(v);
      }
    }
    if (target.userFunction()) {
      RuleNode node = target.function();
      return ev.terms.itemsOwned(args, st, f, vals -> function(name, node, vals, st, c, k));
    }
    Builtin b = target.builtin();
    if (b == null) {
      throw new EvalException(EvalException.INTERNAL, c.loc(), "undefined function " + name);
    }
    return ev.terms.itemsOwned(args, st, f, vals -> builtin(b, vals, st, c, k));
  }

  /** True when a call of target has one result at most and no `with` replacement applies in s. */
  static boolean directTarget(CallTargets.Target target, EvalState s) {
    return s.functionOverrides.isEmpty() && !target.print()
        && (target.userFunction() || target.builtin() != null && target.builtin().relation() == null);
  }

  /**
   * The result of calling target (see {@link #directTarget}) with c's first argc arguments; null
   * when undefined (an argument undefined, no function clause applies, or the builtin failed),
   * {@link SingleValues#NOT_DIRECT} when an argument is not direct (nothing called).
   */
  Value callOne(Term.Call c, CallTargets.Target target, int argc, EvalState s, Frame f) {
    Value[] vals = ev.single.values(c.args(), argc, s, f);
    if (vals == null || vals == SingleValues.NOT_DIRECT_VALUES) {
      return vals == null ? null : SingleValues.NOT_DIRECT;
    }
    if (target.userFunction()) {
      return functionValue(target.name(), target.function(), vals, s, c);
    }
    return builtinValue(target.builtin(), vals, s, c);
  }

  /** A function builtin's result, null when it failed (recorded for strict mode). */
  Value builtinValue(Builtin b, Value[] vals, EvalState s, Term.Call c) {
    try {
      return b.function().apply(new Args(b.name(), vals, s.shared.builtinContext));
    } catch (BuiltinException e) {
      recordFailure(s, c, e.code(), b.name() + ": " + e.getMessage());
    } catch (ArithmeticException | IllegalArgumentException | IndexOutOfBoundsException e) {
      recordFailure(s, c, BuiltinException.BUILTIN_ERROR, b.name() + ": " + e.getMessage());
    }
    return null;
  }

  private boolean builtin(Builtin b, Value[] vals, EvalState s, Term.Call c, ValueCont k) {
    Value result;
    try {
      Args args = new Args(b.name(), vals, s.shared.builtinContext); // vals is a fresh copy
      if (b.relation() != null) {
        for (Value v : b.relation().apply(args)) {
          if (!k.accept(v)) {
            return false;
          }
        }
        return true;
      }
      result = b.function().apply(args);
    } catch (BuiltinException e) {
      recordFailure(s, c, e.code(), b.name() + ": " + e.getMessage());
      return true;
    } catch (ArithmeticException | IllegalArgumentException | IndexOutOfBoundsException e) {
      recordFailure(s, c, BuiltinException.BUILTIN_ERROR, b.name() + ": " + e.getMessage());
      return true;
    }
    return result == null || k.accept(result);
  }

  private static void recordFailure(EvalState s, Term.Call c, String code, String message) {
    if (s.shared.strict && s.shared.firstBuiltinError == null) {
      s.shared.firstBuiltinError = new RegoError(c.loc().file(), c.loc().line(), 0, code, message);
    }
  }

  private boolean function(String path, RuleNode node, Value[] vals, EvalState s, Term.Call c, ValueCont k) {
    Value v = functionValue(path, node, vals, s, c);
    return v == null || k.accept(v);
  }

  /** The function's result for vals; null when undefined. */
  Value functionValue(String path, RuleNode node, Value[] vals, EvalState s, Term.Call c) {
    if (node == null) {
      return null;
    }
    if (++depth > MAX_DEPTH) {
      depth = 0;
      throw new EvalException(Documents.RECURSION, c.loc(), "function " + path + " is recursive");
    }
    try {
      RuleEvaluator.Outputs out = new RuleEvaluator.Outputs(node.functionsEarlyExit(),
          "functions must not produce multiple outputs for same inputs");
      CompiledRule defaultRule = null;
      List<CompiledRule> functions = node.functions();
      for (int i = 0; i < functions.size(); i++) {
        CompiledRule r = functions.get(i);
        if (r.rule().isDefault()) {
          defaultRule = r;
          continue;
        }
        if (node.functionsEarlyExit() && out.result != null) {
          continue;
        }
        out.rule = r.rule();
        functionValues(r.rule(), vals, s, out);
      }
      if (out.result == null && defaultRule != null) {
        ev.ruleValue(defaultRule.rule().loc());
        Value[] result = {null};
        ev.terms.eval(defaultRule.rule().value(), s, new Frame(), v -> {
          result[0] = v;
          return false;
        });
        return result[0];
      }
      return out.result;
    } finally {
      depth--;
    }
  }

  private void functionValues(Rule rule, Value[] vals, EvalState s, ValueCont k) {
    String[] plain = ev.unobserved() ? BodyPlan.of(rule.body(), ev.policy).plainParams(rule.args()) : null;
    boolean plainParams = plain != null;
    for (Rule branch = rule; branch != null; branch = branch.elseRule()) {
      Frame f = new Frame();
      Rule b = branch;
      if (plainParams) {
        // no continuation per parameter and none for a body that holds at most once
        if (!bindPlain(plain, vals, f)) {
          continue;
        }
        int at = ev.directPrefix(b.body(), s, f);
        if (at == Evaluator.PREFIX_FAILS) {
          continue;
        }
        if (at == b.body().exprs().size()) {
          ev.rules().valueOnce(b.value(), s, f, k);
          return;
        }
        boolean[] any = {false};
        ev.bodyAfterPrefix(b.body(), at, s, f, () -> {
          any[0] = true;
          return b.value() == null ? k.accept(BooleanValue.TRUE) : ev.terms.eval(b.value(), s, f, k);
        });
        if (any[0]) {
          return;
        }
        continue;
      }
      boolean[] any = {false};
      bindArgs(rule.args(), vals, 0, false, s, f, () -> ev.body(b.body(), 0, s, f,
          () -> bindArgs(rule.args(), vals, 0, true, s, f, () -> {
            any[0] = true;
            ev.ruleValue(b.loc());
            return b.value() == null ? k.accept(BooleanValue.TRUE) : ev.terms.eval(b.value(), s, f, k);
          })));
      if (any[0]) {
        return;
      }
    }
  }

  /** Binds plain-variable parameters (a repeated one must get equal values); false when they do not match. */
  private static boolean bindPlain(String[] params, Value[] vals, Frame f) {
    for (int i = 0; i < params.length; i++) {
      String name = params[i];
      Value cur = f.get(name);
      if (cur == null) {
        f.bind(name, vals[i]);
      } else if (!cur.equals(vals[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Unifies parameters with argument values. Parameters that are computed terms (templates, calls)
   * may use variables bound by the body, so they are matched in a second pass after the body.
   */
  private boolean bindArgs(List<Term> params, Value[] vals, int from, boolean computed, EvalState s, Frame f,
      Cont k) {
    int i = from;
    int mark = f.mark();
    try {
      // plain variables (most parameters) bind or compare here without a continuation each
      for (; i < params.size() && params.get(i) instanceof Term.Var v; i++) {
        if (computed) {
          continue;
        }
        Value cur = f.get(v.name());
        if (cur == null) {
          f.bind(v.name(), vals[i]);
        } else if (!cur.equals(vals[i])) {
          return true;
        }
      }
      return bindPatterns(params, vals, i, computed, s, f, k);
    } finally {
      f.undo(mark);
    }
  }

  private boolean bindPatterns(List<Term> params, Value[] vals, int i, boolean computed, EvalState s, Frame f,
      Cont k) {
    if (i == params.size()) {
      return k.run();
    }
    Term p = params.get(i);
    boolean isComputed = p instanceof Term.Template || p instanceof Term.Call;
    if (isComputed != computed) {
      return bindArgs(params, vals, i + 1, computed, s, f, k);
    }
    return ev.unifyValue(p, vals[i], s, f, () -> bindArgs(params, vals, i + 1, computed, s, f, k));
  }

  private boolean print(List<Term> args, EvalState s, Frame f, ValueCont k) {
    List<String> parts = new ArrayList<>();
    for (Term a : args) {
      Value[] first = {null};
      ev.terms.eval(a, s, f, v -> {
        first[0] = v;
        return false;
      });
      Value v = first[0];
      parts.add(v == null ? "<undefined>" : v instanceof StringValue str ? str.value() : GoText.of(v));
    }
    s.shared.builtinContext.print(String.join(" ", parts));
    return k.accept(BooleanValue.TRUE);
  }
}
