package com.aibang.egress.rego.eval;

import com.aibang.egress.rego.ast.Resolution;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.compiler.CallTargets;
import com.aibang.egress.rego.compiler.CompiledPolicy;
import java.util.List;

/**
 * Compiles terms into {@link TermNode}s for one policy, and keeps the node of a call, ref or object
 * literal on the term ({@link Resolution#plan}) so it is compiled once and then shared by every
 * query (nodes hold no per-query state).
 */
final class TermNodes {
  private TermNodes() {}

  /** The node of a call, ref or object literal (res is its resolution), compiled on first use. */
  static TermNode cached(Term t, Resolution res, CompiledPolicy policy) {
    Object known = res.plan();
    if (known instanceof TermNode n && n.owner == policy) {
      return n;
    }
    TermNode n = compile(t, policy);
    res.setPlan(n);
    return n;
  }

  /** The node of any term (not cached: callers keep it in their own plan). */
  static TermNode compile(Term t, CompiledPolicy policy) {
    if (t instanceof Term.Scalar sc) {
      return new TermNode.Const(policy, sc.value());
    }
    if (t instanceof Term.Var v) {
      return new TermNode.VarRead(policy, v.name());
    }
    if (t instanceof Term.Ref r) {
      if (r.head() instanceof Term.Var v && v.name().equals("data")) {
        return new TermNode.DataRef(policy, r);
      }
      if (r.head() instanceof Term.Var v && v.name().equals("input")) {
        return new TermNode.InputRef(policy, all(r.path(), policy));
      }
      return new TermNode.HeadRef(policy, compile(r.head(), policy), all(r.path(), policy));
    }
    if (t instanceof Term.Call c) {
      CallTargets.Target target = policy.calls().of(c);
      if (!directCapable(target)) {
        return new TermNode.NotDirect(policy);
      }
      return new TermNode.Call(policy, c, target, all(c.args(), policy));
    }
    if (t instanceof Term.ArrayTerm a) {
      return TermNode.CollectionLiteral.array(policy, all(a.items(), policy));
    }
    if (t instanceof Term.SetTerm st) {
      return TermNode.CollectionLiteral.set(policy, all(st.items(), policy));
    }
    if (t instanceof Term.ObjectTerm o) {
      int n = o.keys().size();
      TermNode[] kv = new TermNode[2 * n];
      for (int i = 0; i < n; i++) {
        kv[i] = compile(o.keys().get(i), policy);
        kv[n + i] = compile(o.values().get(i), policy);
      }
      return new TermNode.ObjectLiteral(policy, o, kv);
    }
    return new TermNode.NotDirect(policy);
  }

  /**
   * True when a call of target can have one result at most (no `with` replacement considered: that
   * is checked per evaluation): user functions and function builtins; not print, relations or
   * unknown names.
   */
  static boolean directCapable(CallTargets.Target target) {
    return !target.print() && (target.userFunction() || target.builtin() != null && target.builtin().relation() == null);
  }

  static TermNode[] all(List<Term> ts, CompiledPolicy policy) {
    TermNode[] out = new TermNode[ts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = compile(ts.get(i), policy);
    }
    return out;
  }
}
