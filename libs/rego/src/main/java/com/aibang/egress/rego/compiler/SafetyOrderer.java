package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.builtins.BuiltinRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reorders body expressions so that every variable is bound before it is read (Rego allows
 * `x > 1; x = 5`), recursing into nested bodies, and reports variables nothing can bind.
 */
final class SafetyOrderer {
  private final Map<Body, Set<String>> localsByBody;
  private final BuiltinRegistry builtins;
  private final CompileErrors errors;
  private final Map<String, Integer> functionArities;

  SafetyOrderer(Map<Body, Set<String>> localsByBody, BuiltinRegistry builtins, CompileErrors errors,
      Map<String, Integer> functionArities) {
    this.localsByBody = localsByBody;
    this.builtins = builtins;
    this.errors = errors;
    this.functionArities = functionArities;
  }

  /** Needs (must be bound before) and outputs (bound by evaluating) of one expression. */
  private record Io(Set<String> needs, Set<String> outs, Set<String> patternsA, Set<String> patternsB) {}

  Body order(Body body, Set<String> initiallyBound) {
    List<Expr> pending = new ArrayList<>(body.exprs());
    Set<String> bound = new HashSet<>(initiallyBound);
    List<Expr> out = new ArrayList<>();
    Set<String> allOuts = new HashSet<>(initiallyBound);
    List<Io> ios = new ArrayList<>();
    for (Expr e : pending) {
      Io io = analyze(e, body);
      ios.add(io);
      allOuts.addAll(io.outs);
    }
    List<Io> pendingIo = new ArrayList<>(ios);
    while (!pending.isEmpty()) {
      int pick = -1;
      for (int i = 0; i < pending.size(); i++) {
        if (ready(pendingIo.get(i), bound)) {
          pick = i;
          break;
        }
      }
      if (pick < 0) {
        if (reportUnsafe(pending, pendingIo, bound, allOuts)) {
          return body;
        }
        pick = 0;
      }
      Expr e = pending.remove(pick);
      Io io = pendingIo.remove(pick);
      bound.addAll(io.outs);
      out.add(nested(e, bound));
    }
    Body nb = new Body(List.copyOf(out), body.loc());
    localsByBody.put(nb, localsByBody.getOrDefault(body, Set.of()));
    return nb;
  }

  /**
   * No expression is ready: report variables that nothing left can bind. Returns false when every
   * blocked variable could still be bound by another expression (then the original order is kept).
   */
  private boolean reportUnsafe(List<Expr> pending, List<Io> ios, Set<String> bound, Set<String> allOuts) {
    for (int i = 0; i < pending.size(); i++) {
      Set<String> others = new HashSet<>(bound);
      for (int j = 0; j < pending.size(); j++) {
        if (j != i) {
          others.addAll(ios.get(j).outs);
        }
      }
      Io io = ios.get(i);
      Set<String> missing = new LinkedHashSet<>();
      for (String v : io.needs) {
        if (!allOuts.contains(v) || !others.contains(v)) {
          missing.add(v);
        }
      }
      if (missing.isEmpty() && io.patternsA != null && !others.containsAll(io.patternsA)
          && !others.containsAll(io.patternsB)) {
        missing.addAll(io.patternsA);
        missing.addAll(io.patternsB);
        missing.removeAll(others);
      }
      missing.removeIf(v -> v.startsWith("$_"));
      if (!missing.isEmpty()) {
        for (String v : missing) {
          errors.add(CompileErrors.UNSAFE, pending.get(i).loc(), "var " + display(v) + " is unsafe");
        }
        return true;
      }
    }
    return false;
  }

  private static boolean isRoot(String name) { return name.equals("data") || name.equals("input"); }

  static String display(String v) {
    int i = v.indexOf('#');
    return i > 0 ? v.substring(0, i) : v;
  }

  private static boolean ready(Io io, Set<String> bound) {
    if (!bound.containsAll(io.needs)) {
      return false;
    }
    return io.patternsA == null || bound.containsAll(io.patternsA) || bound.containsAll(io.patternsB);
  }

  // ---- analysis ------------------------------------------------------------------------------

  private Io analyze(Expr e, Body body) {
    Set<String> needs = new LinkedHashSet<>();
    Set<String> outs = new LinkedHashSet<>();
    Set<String> pa = null;
    Set<String> pb = null;
    if (e.kind() instanceof Expr.TermExpr te) {
      Term t = te.term();
      if (!e.negated() && t instanceof Term.Call c && c.operator() instanceof Term.Var op
          && (op.name().equals(VarRewriter.EQ) || op.name().equals(VarRewriter.ASSIGN))) {
        term(c.args().get(0), true, needs, outs);
        term(c.args().get(1), true, needs, outs);
        pa = patternVars(c.args().get(0));
        pb = patternVars(c.args().get(1));
        if (c.args().get(0) instanceof Term.ArrayTerm && c.args().get(1) instanceof Term.ArrayTerm
            || c.args().get(0) instanceof Term.ObjectTerm && c.args().get(1) instanceof Term.ObjectTerm) {
          pa = null;
        }
      } else {
        term(t, false, needs, outs);
      }
    } else if (e.kind() instanceof Expr.SomeDecl sd) {
    } else if (e.kind() instanceof Expr.SomeIn si) {
      term(si.collection(), false, needs, outs);
      if (si.key() != null) {
        term(si.key(), true, needs, outs);
      }
      term(si.value(), true, needs, outs);
    } else if (e.kind() instanceof Expr.Every ev) {
      term(ev.domain(), false, needs, outs);
      needs.addAll(free(ev.body(), List.of()));
    } else {
      needs.addAll(logicNeeds(e));
    }
    for (Expr.With w : e.withs()) {
      if (!replacesFunction(w)) {
        term(w.value(), false, needs, outs);
      }
    }
    if (pa == null) {
      needs.removeAll(outs);
    }
    if (e.negated()) {
      Set<String> others = new HashSet<>();
      for (Expr o : body.exprs()) {
        if (o != e) {
          Io io = analyzeShallow(o);
          others.addAll(io.needs);
          others.addAll(io.outs);
        }
      }
      Set<String> all = new LinkedHashSet<>(needs);
      all.addAll(outs);
      all.retainAll(others);
      return new Io(all, Set.of(), null, null);
    }
    return new Io(needs, outs, pa, pb);
  }

  /** `with f as g` where g names a function: the value is not a variable reference. */
  private boolean replacesFunction(Expr.With w) {
    boolean functionTarget = w.target() instanceof Term.Var
        || w.target() instanceof Term.Ref r && functionArities.containsKey(VarRewriter.pathKey(r));
    return functionTarget && w.value() instanceof Term.Var v && builtins.get(v.name()).isPresent();
  }

  private Io analyzeShallow(Expr o) {
    Set<String> needs = new LinkedHashSet<>();
    Set<String> outs = new LinkedHashSet<>();
    if (o.kind() instanceof Expr.TermExpr te) {
      term(te.term(), true, needs, outs);
    } else if (o.kind() instanceof Expr.SomeIn si) {
      term(si.collection(), false, needs, outs);
      if (si.key() != null) {
        term(si.key(), true, needs, outs);
      }
      term(si.value(), true, needs, outs);
    } else if (o.kind() instanceof Expr.Every ev) {
      term(ev.domain(), false, needs, outs);
      needs.addAll(free(ev.body(), List.of()));
    } else if (o.kind() instanceof Expr.SomeDecl sd) {
      sd.vars().forEach(v -> outs.add(v.name()));
    } else {
      needs.addAll(logicNeeds(o));
    }
    return new Io(needs, outs, null, null);
  }

  /** Outer variables used by a group or logic expression (its operands are nested scopes). */
  private Set<String> logicNeeds(Expr e) {
    Set<String> out = new LinkedHashSet<>();
    if (e.kind() instanceof Expr.Group g) {
      out.addAll(free(g.body(), List.of()));
    } else if (e.kind() instanceof Expr.Logic l) {
      l.operands().forEach(o -> out.addAll(logicNeeds(o)));
    }
    for (Expr.With w : e.withs()) {
      if (!replacesFunction(w)) {
        term(w.value(), false, out, new LinkedHashSet<>());
      }
    }
    return out;
  }

  private static Set<String> patternVars(Term t) {
    Set<String> out = new HashSet<>();
    if (t instanceof Term.Var v) {
      out.add(v.name());
    } else if (t instanceof Term.ArrayTerm a) {
      a.items().forEach(x -> out.addAll(patternVars(x)));
    } else if (t instanceof Term.ObjectTerm o) {
      o.values().forEach(x -> out.addAll(patternVars(x)));
    }
    return out;
  }

  /** Adds the vars of t: in output position (pattern) they are outs, else needs; ref indexes are outs. */
  private void term(Term t, boolean output, Set<String> needs, Set<String> outs) {
    if (t instanceof Term.Var v) {
      (output ? outs : needs).add(v.name());
    } else if (t instanceof Term.Ref r) {
      if (!(r.head() instanceof Term.Var hv) || !isRoot(hv.name())) {
        term(r.head(), false, needs, outs);
      }
      for (Term p : r.path()) {
        term(p, true, needs, outs);
      }
    } else if (t instanceof Term.ArrayTerm a) {
      a.items().forEach(x -> term(x, output, needs, outs));
    } else if (t instanceof Term.ObjectTerm o) {
      o.keys().forEach(x -> term(x, false, needs, outs));
      o.values().forEach(x -> term(x, output, needs, outs));
    } else if (t instanceof Term.SetTerm s) {
      s.items().forEach(x -> term(x, false, needs, outs));
    } else if (t instanceof Term.Call c) {
      int arity = arity(c);
      for (int i = 0; i < c.args().size(); i++) {
        term(c.args().get(i), i >= arity, needs, outs);
      }
    } else if (t instanceof Term.ArrayCompr ac) {
      needs.addAll(free(ac.body(), List.of(ac.head())));
    } else if (t instanceof Term.SetCompr sc) {
      needs.addAll(free(sc.body(), List.of(sc.head())));
    } else if (t instanceof Term.ObjectCompr oc) {
      needs.addAll(free(oc.body(), List.of(oc.key(), oc.value())));
    } else if (t instanceof Term.Template tpl) {
      tpl.exprs().forEach(x -> {
        if (x.kind() instanceof Expr.TermExpr te) {
          term(te.term(), false, needs, outs);
        }
      });
    } else if (t instanceof Term.Scalar s) {
    }
  }

  private int arity(Term.Call c) {
    if (c.operator() instanceof Term.Var v) {
      if (v.name().equals(VarRewriter.EQ) || v.name().equals(VarRewriter.ASSIGN)) {
        return 0;
      }
      return builtins.get(v.name()).map(b -> b.arity() < 0 ? c.args().size() : b.arity()).orElse(c.args().size());
    }
    if (c.operator() instanceof Term.Ref r) {
      return functionArities.getOrDefault(VarRewriter.pathKey(r), c.args().size());
    }
    return c.args().size();
  }

  /** Vars used inside a nested body (and its head terms) that belong to enclosing scopes. */
  private Set<String> free(Body b, List<Term> heads) {
    Set<String> all = new LinkedHashSet<>();
    Set<String> sink = new LinkedHashSet<>();
    for (Term h : heads) {
      term(h, false, all, all);
    }
    for (Expr e : b.exprs()) {
      Io io = analyzeShallow(e);
      all.addAll(io.needs);
      all.addAll(io.outs);
      for (Expr.With w : e.withs()) {
        if (!replacesFunction(w)) {
          term(w.value(), false, all, sink);
        }
      }
    }
    all.removeAll(localsByBody.getOrDefault(b, Set.of()));
    all.removeIf(v -> v.startsWith("$_"));
    return all;
  }

  /** Orders nested bodies of e, treating everything bound so far as bound inside. */
  private Expr nested(Expr e, Set<String> bound) {
    return new NestedBodyOrderer(this, bound).expr(e);
  }
}
