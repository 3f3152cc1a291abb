package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.compiler.CompiledRule;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/** Evaluates the rules of one document: complete (with else/default), multi-value and ref-head object rules. */
final class RuleEvaluator {
  private final Evaluator ev;

  RuleEvaluator(Evaluator ev) { this.ev = ev; }

  /**
   * Value of complete rules; conflict error when definitions disagree; default when none is defined.
   * early: stop at the first value (see EarlyExit: all definitions give the same constant).
   */
  Value complete(List<CompiledRule> rules, boolean early, EvalState s) {
    Outputs out = new Outputs(early, "complete rules must not produce multiple outputs");
    CompiledRule defaultRule = null;
    for (int i = 0; i < rules.size(); i++) {
      CompiledRule r = rules.get(i);
      if (r.rule().isDefault()) {
        defaultRule = r;
        continue;
      }
      if (early && out.result != null) {
        continue; // keep looking for the default rule only
      }
      out.rule = r.rule();
      values(r.rule(), s, out);
    }
    if (out.result == null && defaultRule != null) {
      ev.ruleValue(defaultRule.rule().loc());
      Value[] result = {null};
      Frame f = new Frame();
      ev.terms.eval(defaultRule.rule().value(), s, f, v -> {
        result[0] = v;
        return false;
      });
      return result[0];
    }
    return out.result;
  }

  /**
   * The one output of a complete rule or function: the first value, then a conflict error for any
   * different one; early: stop at the first (see EarlyExit). One per call instead of a closure per rule.
   */
  static final class Outputs implements ValueCont {
    private final boolean early;
    private final String conflict;
    Value result;
    /** The rule whose values arrive now (located conflict errors). */
    Rule rule;

    Outputs(boolean early, String conflict) {
      this.early = early;
      this.conflict = conflict;
    }

    @Override public boolean accept(Value v) {
      if (result == null) {
        result = v;
      } else if (!result.equals(v)) {
        throw new EvalException(EvalException.CONFLICT, rule.loc(), conflict);
      }
      return !early;
    }
  }

  /** Evaluates a rule's body then, when it has no solution, each else branch in turn. */
  void values(Rule rule, EvalState s, ValueCont k) {
    for (Rule branch = rule; branch != null; branch = branch.elseRule()) {
      Frame f = new Frame();
      if (ev.unobserved()) {
        int at = ev.directPrefix(branch.body(), s, f);
        if (at == Evaluator.PREFIX_FAILS) {
          continue;
        }
        if (at == branch.body().exprs().size()) {
          // the body held once, without a continuation: its value, then no else branch
          valueOnce(branch.value(), s, f, k);
          return;
        }
        if (branchValues(branch, at, s, f, k)) {
          return;
        }
        continue;
      }
      if (branchValues(branch, 0, s, f, k)) {
        return;
      }
    }
  }

  /** Values of branch's body from expression at on; true when the body had a solution. */
  private boolean branchValues(Rule branch, int at, EvalState s, Frame f, ValueCont k) {
    boolean[] any = {false};
    Cont each = () -> {
      any[0] = true;
      ev.ruleValue(branch.loc());
      return value(branch.value(), s, f, k);
    };
    if (at == 0 && !ev.unobserved()) {
      ev.body(branch.body(), 0, s, f, each);
    } else {
      ev.bodyAfterPrefix(branch.body(), at, s, f, each);
    }
    return any[0];
  }

  /** The value term t of a branch whose body held (null t: true), passed to k unless undefined. */
  void valueOnce(Term t, EvalState s, Frame f, ValueCont k) {
    if (t == null) {
      k.accept(BooleanValue.TRUE);
      return;
    }
    Value v = ev.single.one(t, s, f);
    if (v == SingleValues.NOT_DIRECT) {
      ev.terms.eval(t, s, f, k);
    } else if (v != null) {
      k.accept(v);
    }
  }

  private boolean value(Term t, EvalState s, Frame f, ValueCont k) {
    return t == null ? k.accept(BooleanValue.TRUE) : ev.terms.eval(t, s, f, k);
  }

  SetValue multi(List<CompiledRule> rules, EvalState s) {
    List<Value> out = new ArrayList<>();
    ValueCont collect = v -> out.add(v) || true;
    for (int i = 0; i < rules.size(); i++) {
      CompiledRule r = rules.get(i);
      Frame f = new Frame();
      Body body = r.rule().body();
      int at = 0;
      if (ev.unobserved()) {
        at = ev.directPrefix(body, s, f);
        if (at == Evaluator.PREFIX_FAILS) {
          continue;
        }
        if (at == body.exprs().size()) {
          valueOnce(r.rule().key(), s, f, collect); // the body held once: one member at most
          continue;
        }
      }
      Cont each = () -> {
        ev.ruleValue(r.rule().loc());
        valueOnce(r.rule().key(), s, f, collect); // most member terms have one value: no closure
        return true;
      };
      if (at == 0 && !ev.unobserved()) {
        ev.body(body, 0, s, f, each);
      } else {
        ev.bodyAfterPrefix(body, at, s, f, each);
      }
    }
    return SetValue.ofCollected(out);
  }

  /** Adds the entries produced by a ref-head rule (p[k] := v, p[a][b], p[x].y := z) to tree. */
  void objectEntries(CompiledRule r, EvalState s, ObjectTree tree) {
    for (Rule branch = r.rule(); branch != null; branch = branch.elseRule()) {
      Frame f = new Frame();
      boolean[] any = {false};
      Rule b = branch;
      Value[] keys = new Value[r.dynamicSuffix().size()];
      if (r.kind() == Rule.Kind.MULTI) {
        ev.body(branch.body(), 0, s, f, () -> ev.terms.items(r.dynamicSuffix(), 0, keys, s, f, ks ->
            ev.terms.eval(r.rule().key(), s, f, member -> {
              ev.ruleValue(b.loc());
              any[0] = true;
              tree.insertSetMember(ks, 0, member, r.rule().loc());
              return true;
            })));
        return;
      }
      ev.body(branch.body(), 0, s, f, () -> ev.terms.items(r.dynamicSuffix(), 0, keys, s, f, ks ->
          value(b.value(), s, f, v -> {
            any[0] = true;
            ev.ruleValue(b.loc());
            tree.insert(ks, 0, v, r.rule().loc());
            return true;
          })));
      if (any[0]) {
        return;
      }
    }
  }
}
