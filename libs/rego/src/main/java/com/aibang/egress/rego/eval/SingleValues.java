package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.compiler.CallTargets;
import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.SetValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.List;
import java.util.TreeMap;

/**
 * Direct evaluation of terms that have at most one value: constants, bound variables, refs whose
 * every path element is itself such a term, calls of functions (not relations) on such arguments,
 * and collection literals of them. {@link #one} returns the value (null when undefined) instead of
 * calling a continuation, so nested calls and lookups allocate no closures. It evaluates in the
 * same order and with the same effects as {@link Terms#eval}, which stays the general path.
 *
 * <p>{@link #one} is optimistic: it evaluates left to right and returns {@link #NOT_DIRECT} when it
 * meets a part that may have several values (an unbound variable, a relation, a `with`-replaced
 * function), so callers need no separate {@link #direct} walk first. What it evaluated before that
 * point is a prefix, in the same order, of what the general path then evaluates again (pure:
 * values, cached documents, the same first builtin error), so falling back changes nothing. Refs,
 * calls and object literals run as {@link TermNode}s compiled once per policy and kept on the term.
 */
final class SingleValues {
  /** Returned by {@link #one} (and propagated) when the term is not direct in this frame; compared by identity. */
  static final Value NOT_DIRECT = StringValue.of(new String("<not a direct term>"));
  /** Object literals with fewer members are built as compact objects (see ObjectValue.ofSortedPairs). */
  private static final int SMALL_OBJECT = 16;
  /** Returned by {@link #values} when some term is not direct. */
  static final Value[] NOT_DIRECT_VALUES = new Value[0];

  private final Evaluator ev;

  SingleValues(Evaluator ev) { this.ev = ev; }

  /** True when t has at most one value in this frame and {@link #one} may compute it. */
  boolean direct(Term t, EvalState s, Frame f) {
    if (t instanceof Term.Scalar) {
      return true;
    }
    if (t instanceof Term.Var v) {
      return f.isBound(v.name());
    }
    if (t instanceof Term.Ref r) {
      if (!(r.head() instanceof Term.Var h && (h.name().equals("data") || h.name().equals("input")))
          && !direct(r.head(), s, f)) {
        return false;
      }
      return all(r.path(), s, f);
    }
    if (t instanceof Term.Call c) {
      if (!s.functionOverrides.isEmpty()) {
        return false;
      }
      CallTargets.Target target = ev.policy.calls().of(c);
      if (target.print() || !target.userFunction() && (target.builtin() == null || target.builtin().relation() != null)) {
        return false;
      }
      return all(c.args(), s, f);
    }
    if (t instanceof Term.ArrayTerm a) {
      return all(a.items(), s, f);
    }
    if (t instanceof Term.SetTerm st) {
      return all(st.items(), s, f);
    }
    if (t instanceof Term.ObjectTerm o) {
      return all(o.keys(), s, f) && all(o.values(), s, f);
    }
    return false;
  }

  boolean all(List<Term> ts, EvalState s, Frame f) {
    return all(ts, ts.size(), s, f);
  }

  /** Like {@link #all(List, EvalState, Frame)} for the first n terms (no sublist: keeps call sites monomorphic). */
  boolean all(List<Term> ts, int n, EvalState s, Frame f) {
    for (int i = 0; i < n; i++) {
      if (!direct(ts.get(i), s, f)) {
        return false;
      }
    }
    return true;
  }

  /** The value of t; null when it is undefined; {@link #NOT_DIRECT} when t is not direct here. */
  Value one(Term t, EvalState s, Frame f) {
    if (t instanceof Term.Scalar sc) {
      return sc.value();
    }
    if (t instanceof Term.Var v) {
      Value bound = f.get(v.name());
      return bound == null ? NOT_DIRECT : bound;
    }
    // refs, calls and object literals run as nodes compiled once per policy (see TermNode)
    if (t instanceof Term.Ref r) {
      return TermNodes.cached(r, r.resolution(), ev.policy).one(ev, s, f);
    }
    if (t instanceof Term.Call c) {
      return TermNodes.cached(c, c.resolution(), ev.policy).one(ev, s, f);
    }
    if (t instanceof Term.ArrayTerm a) {
      Value[] vals = values(a.items(), s, f);
      return vals == null ? null : vals == NOT_DIRECT_VALUES ? NOT_DIRECT : ArrayValue.wrapArray(vals);
    }
    if (t instanceof Term.SetTerm st) {
      Value[] vals = values(st.items(), s, f);
      return vals == null ? null : vals == NOT_DIRECT_VALUES ? NOT_DIRECT : SetValue.of(vals);
    }
    if (t instanceof Term.ObjectTerm o) {
      return TermNodes.cached(o, o.resolution(), ev.policy).one(ev, s, f);
    }
    return NOT_DIRECT;
  }

  /** Values of terms left to right: null at the first undefined one, {@link #NOT_DIRECT_VALUES} at a non-direct one. */
  Value[] values(List<Term> ts, EvalState s, Frame f) {
    return values(ts, ts.size(), s, f);
  }

  /** Like {@link #values(List, EvalState, Frame)} for the first n terms. */
  Value[] values(List<Term> ts, int n, EvalState s, Frame f) {
    Value[] out = new Value[n];
    for (int i = 0; i < n; i++) {
      Value v = one(ts.get(i), s, f);
      if (v == null) {
        return null;
      }
      if (v == NOT_DIRECT) {
        return NOT_DIRECT_VALUES;
      }
      out[i] = v;
    }
    return out;
  }

  /** The object of literal o whose keys (vals[0..n)) and values (vals[n..2n)) were evaluated. */
  static Value objectOf(Term.ObjectTerm o, Value[] vals) {
    int n = vals.length / 2;
    if (n < SMALL_OBJECT) {
      int[] order = constantKeyOrder(o, vals, n);
      return order != null ? inOrder(vals, n, order) : smallObject(vals, n, o);
    }
    TreeMap<Value, Value> m = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      Value old = m.put(vals[i], vals[n + i]);
      if (old != null && !old.equals(vals[n + i])) {
        throw new EvalException(EvalException.CONFLICT, o.loc(), "object keys must be unique");
      }
    }
    return ObjectValue.wrap(m);
  }

  /** Marks an object literal whose keys are not all distinct constants (no precomputed order). */
  private static final int[] NO_ORDER = new int[0];

  /**
   * For a literal whose keys are distinct constants (most object literals: {"allow": ..., "rule":
   * ...}), the positions of its members in canonical key order, worked out on its first
   * evaluation and kept on the term; null otherwise.
   */
  private static int[] constantKeyOrder(Term.ObjectTerm o, Value[] vals, int n) {
    Object known = o.resolution().get(NO_ORDER);
    if (known != null) {
      return known == NO_ORDER ? null : (int[]) known;
    }
    int[] order = NO_ORDER;
    boolean constant = true;
    for (int i = 0; i < n && constant; i++) {
      constant = o.keys().get(i) instanceof Term.Scalar;
    }
    if (constant) {
      Integer[] idx = new Integer[n];
      for (int i = 0; i < n; i++) {
        idx[i] = i;
      }
      java.util.Arrays.sort(idx, (a, b) -> vals[a].compareTo(vals[b]));
      boolean distinct = true;
      for (int i = 1; i < n && distinct; i++) {
        distinct = vals[idx[i - 1]].compareTo(vals[idx[i]]) != 0;
      }
      if (distinct) {
        order = new int[n];
        for (int i = 0; i < n; i++) {
          order[i] = idx[i];
        }
      }
    }
    o.resolution().set(NO_ORDER, order);
    return order == NO_ORDER ? null : order;
  }

  /** The object of keys vals[0..n) and values vals[n..2n) whose canonical key order is order. */
  private static Value inOrder(Value[] vals, int n, int[] order) {
    Value[] kv = new Value[2 * n];
    for (int j = 0; j < n; j++) {
      kv[2 * j] = vals[order[j]];
      kv[2 * j + 1] = vals[n + order[j]];
    }
    return ObjectValue.ofSortedPairs(kv);
  }

  /**
   * The object of a literal with few members (keys in vals[0..n), values in vals[n..2n)): keys
   * sorted into a flat array by insertion, no tree map. Duplicate keys as in a map: the first key
   * stays, a different value for it is a conflict.
   */
  private static Value smallObject(Value[] vals, int n, Term.ObjectTerm o) {
    Value[] kv = new Value[2 * n];
    int size = 0;
    for (int i = 0; i < n; i++) {
      Value key = vals[i];
      Value value = vals[n + i];
      int at = size;
      while (at > 0 && kv[2 * (at - 1)].compareTo(key) > 0) {
        at--;
      }
      if (at > 0 && kv[2 * (at - 1)].compareTo(key) == 0) {
        if (!kv[2 * at - 1].equals(value)) {
          throw new EvalException(EvalException.CONFLICT, o.loc(), "object keys must be unique");
        }
        continue;
      }
      System.arraycopy(kv, 2 * at, kv, 2 * at + 2, 2 * (size - at));
      kv[2 * at] = key;
      kv[2 * at + 1] = value;
      size++;
    }
    return ObjectValue.ofSortedPairs(size == n ? kv : java.util.Arrays.copyOf(kv, 2 * size));
  }

  /**
   * Applies the path elements path[i..] to v (null when undefined, {@link #NOT_DIRECT} at a
   * non-direct element); dataKeys as in {@link Terms#navigate}.
   */
  Value navigate(Value v, List<Term> path, int i, EvalState s, Frame f, boolean dataKeys) {
    Value cur = v;
    for (int j = i; j < path.size(); j++) {
      Value key = one(path.get(j), s, f);
      if (key == null || key == NOT_DIRECT) {
        return key;
      }
      cur = Terms.childOf(cur, key, dataKeys);
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }
}
