package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.compiler.CallTargets;
import com.aibang.egress.rego.compiler.CompiledPolicy;
import com.aibang.egress.rego.compiler.DataRefStarts;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.Value;
import java.util.function.Function;

/**
 * A term compiled for {@link SingleValues#one} by {@link TermNodes}: call targets, child terms and
 * constants resolved once per policy, so evaluating it dispatches on no AST class, reads no AST
 * list and resolves no call target. Same order, effects and results as the AST walk it replaces:
 * the value, null when undefined, {@link SingleValues#NOT_DIRECT} when the term is not direct in
 * this frame (an unbound variable, a relation, a `with`-replaced function).
 */
abstract class TermNode {
  /** The policy whose call targets this node holds (a plan cached on a term is checked against it). */
  final CompiledPolicy owner;

  TermNode(CompiledPolicy owner) { this.owner = owner; }

  abstract Value one(Evaluator ev, EvalState s, Frame f);

  /** Values of nodes[0..n) left to right: null at the first undefined one, NOT_DIRECT_VALUES at a non-direct one. */
  static Value[] values(TermNode[] nodes, int n, Evaluator ev, EvalState s, Frame f) {
    Value[] out = new Value[n];
    for (int i = 0; i < n; i++) {
      Value v = nodes[i].one(ev, s, f);
      if (v == null) {
        return null;
      }
      if (v == SingleValues.NOT_DIRECT) {
        return SingleValues.NOT_DIRECT_VALUES;
      }
      out[i] = v;
    }
    return out;
  }

  /** Applies the path nodes to v like {@link SingleValues#navigate} (input and local values: no data keys). */
  static Value navigate(Value v, TermNode[] path, Evaluator ev, EvalState s, Frame f) {
    Value cur = v;
    for (TermNode p : path) {
      Value key = p.one(ev, s, f);
      if (key == null || key == SingleValues.NOT_DIRECT) {
        return key;
      }
      cur = Terms.childOf(cur, key, false);
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }

  /** A constant. */
  static final class Const extends TermNode {
    private final Value value;

    Const(CompiledPolicy owner, Value value) {
      super(owner);
      this.value = value;
    }

    @Override Value one(Evaluator ev, EvalState s, Frame f) { return value; }
  }

  /** A variable: its binding, NOT_DIRECT while unbound. */
  static final class VarRead extends TermNode {
    final String name;

    VarRead(CompiledPolicy owner, String name) {
      super(owner);
      this.name = name;
    }

    @Override Value one(Evaluator ev, EvalState s, Frame f) {
      Value bound = f.get(name);
      return bound == null ? SingleValues.NOT_DIRECT : bound;
    }
  }

  /** A term that is never direct (comprehensions, templates, relations, print, unknown functions). */
  static final class NotDirect extends TermNode {
    NotDirect(CompiledPolicy owner) { super(owner); }

    @Override Value one(Evaluator ev, EvalState s, Frame f) { return SingleValues.NOT_DIRECT; }
  }

  /** input.a.b[...]. */
  static final class InputRef extends TermNode {
    private final TermNode[] path;

    InputRef(CompiledPolicy owner, TermNode[] path) {
      super(owner);
      this.path = path;
    }

    @Override Value one(Evaluator ev, EvalState s, Frame f) {
      return s.input == null ? null : navigate(s.input, path, ev, s, f);
    }
  }

  /** data.a.b[...]: the rule-tree and base-data walk of {@link Documents#dataOne}, its constant start resolved here. */
  static final class DataRef extends TermNode {
    private final Term.Ref ref;
    private final DataRefStarts.Start start;

    DataRef(CompiledPolicy owner, Term.Ref ref) {
      super(owner);
      this.ref = ref;
      this.start = owner.dataRefs().of(ref);
    }

    @Override Value one(Evaluator ev, EvalState s, Frame f) {
      return s.dataOverrides.isEmpty() ? ev.documents.dataFrom(start, ref, s, f) : ev.documents.dataOne(ref, s, f);
    }
  }

  /** A ref with any other head (a local variable, a call, a literal). */
  static final class HeadRef extends TermNode {
    private final TermNode head;
    private final TermNode[] path;

    HeadRef(CompiledPolicy owner, TermNode head, TermNode[] path) {
      super(owner);
      this.head = head;
      this.path = path;
    }

    @Override Value one(Evaluator ev, EvalState s, Frame f) {
      Value hv = head.one(ev, s, f);
      return hv == null || hv == SingleValues.NOT_DIRECT ? hv : navigate(hv, path, ev, s, f);
    }
  }

  /** A call of a user function or a function (not relation) builtin. */
  static final class Call extends TermNode {
    final Term.Call term;
    final CallTargets.Target target;
    final TermNode[] args;

    Call(CompiledPolicy owner, Term.Call term, CallTargets.Target target, TermNode[] args) {
      super(owner);
      this.term = term;
      this.target = target;
      this.args = args;
    }

    @Override Value one(Evaluator ev, EvalState s, Frame f) {
      if (!s.functionOverrides.isEmpty()) {
        return SingleValues.NOT_DIRECT;
      }
      return call(ev, s, f, args.length);
    }

    /** Like {@link Calls#callOne} with the first argc arguments (no `with` check: the caller's). */
    Value call(Evaluator ev, EvalState s, Frame f, int argc) {
      Value[] vals = values(args, argc, ev, s, f);
      if (vals == null || vals == SingleValues.NOT_DIRECT_VALUES) {
        return vals == null ? null : SingleValues.NOT_DIRECT;
      }
      return target.userFunction() ? ev.calls.functionValue(target.name(), target.function(), vals, s, term)
          : ev.calls.builtinValue(target.builtin(), vals, s, term);
    }
  }

  /** An array or set literal: its items' values, then the collection built from them. */
  static final class CollectionLiteral extends TermNode {
    private final TermNode[] items;
    private final Function<Value[], Value> build;

    private CollectionLiteral(CompiledPolicy owner, TermNode[] items, Function<Value[], Value> build) {
      super(owner);
      this.items = items;
      this.build = build;
    }

    static CollectionLiteral array(CompiledPolicy owner, TermNode[] items) {
      return new CollectionLiteral(owner, items, ArrayValue::wrapArray);
    }

    static CollectionLiteral set(CompiledPolicy owner, TermNode[] items) {
      return new CollectionLiteral(owner, items, SetValue::of);
    }

    @Override Value one(Evaluator ev, EvalState s, Frame f) {
      Value[] vals = values(items, items.length, ev, s, f);
      return vals == null ? null : vals == SingleValues.NOT_DIRECT_VALUES ? SingleValues.NOT_DIRECT : build.apply(vals);
    }
  }

  /** An object literal: every key, then every value (the general path's order). */
  static final class ObjectLiteral extends TermNode {
    private final Term.ObjectTerm term;
    /** The key nodes, then the value nodes. */
    private final TermNode[] keysThenValues;

    ObjectLiteral(CompiledPolicy owner, Term.ObjectTerm term, TermNode[] keysThenValues) {
      super(owner);
      this.term = term;
      this.keysThenValues = keysThenValues;
    }

    @Override Value one(Evaluator ev, EvalState s, Frame f) {
      Value[] vals = new Value[keysThenValues.length];
      for (int i = 0; i < vals.length; i++) {
        Value v = keysThenValues[i].one(ev, s, f);
        if (v == null || v == SingleValues.NOT_DIRECT) {
          return v;
        }
        vals[i] = v;
      }
      return SingleValues.objectOf(term, vals);
    }
  }
}
