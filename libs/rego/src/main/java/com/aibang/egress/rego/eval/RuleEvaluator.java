package com.aibang.egress.rego.eval;

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
    Value[] result = {null};
    CompiledRule defaultRule = null;
    for (CompiledRule r : rules) {
      if (r.rule().isDefault()) {
        defaultRule = r;
        continue;
      }
      if (early && result[0] != null) {
        continue; // keep looking for the default rule only
      }
      values(r.rule(), s, v -> {
        if (result[0] == null) {
          result[0] = v;
        } else if (!result[0].equals(v)) {
          throw new EvalException(EvalException.CONFLICT, r.rule().loc(),
              "complete rules must not produce multiple outputs");
        }
        return !early;
      });
    }
    if (result[0] == null && defaultRule != null) {
      ev.ruleValue(defaultRule.rule().loc());
      Frame f = new Frame();
      ev.terms.eval(defaultRule.rule().value(), s, f, v -> {
        result[0] = v;
        return false;
      });
    }
    return result[0];
  }

  /** Evaluates a rule's body then, when it has no solution, each else branch in turn. */
  void values(Rule rule, EvalState s, ValueCont k) {
    for (Rule branch = rule; branch != null; branch = branch.elseRule()) {
      Frame f = new Frame();
      boolean[] any = {false};
      Rule b = branch;
      ev.body(branch.body(), 0, s, f, () -> {
        any[0] = true;
        ev.ruleValue(b.loc());
        return value(b.value(), s, f, k);
      });
      if (any[0]) {
        return;
      }
    }
  }

  private boolean value(Term t, EvalState s, Frame f, ValueCont k) {
    return t == null ? k.accept(BooleanValue.TRUE) : ev.terms.eval(t, s, f, k);
  }

  SetValue multi(List<CompiledRule> rules, EvalState s) {
    List<Value> out = new ArrayList<>();
    for (CompiledRule r : rules) {
      Frame f = new Frame();
      ev.body(r.rule().body(), 0, s, f, () -> {
        ev.ruleValue(r.rule().loc());
        return ev.terms.eval(r.rule().key(), s, f, v -> out.add(v) || true);
      });
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
