package com.aibang.egress.rego.compiler;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Term;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Applies the safety ordering to the bodies nested in one expression (comprehensions, every, templates). */
final class NestedBodyOrderer {
  private final SafetyOrderer orderer;
  private final Set<String> bound;

  NestedBodyOrderer(SafetyOrderer orderer, Set<String> bound) {
    this.orderer = orderer;
    this.bound = new HashSet<>(bound);
  }

  Expr expr(Expr e) {
    Expr.Kind kind;
    if (e.kind() instanceof Expr.TermExpr te) {
      kind = new Expr.TermExpr(term(te.term()));
    } else if (e.kind() instanceof Expr.SomeDecl sd) {
      kind = sd;
    } else if (e.kind() instanceof Expr.SomeIn si) {
      kind = new Expr.SomeIn(si.key() == null ? null : term(si.key()), term(si.value()),
          term(si.collection()));
    } else if (e.kind() instanceof Expr.Every ev) {
      Set<String> inner = new HashSet<>(bound);
      addVars(ev.key(), inner);
      addVars(ev.value(), inner);
      kind = new Expr.Every(ev.key(), ev.value(), term(ev.domain()), orderer.order(ev.body(), inner));
    } else if (e.kind() instanceof Expr.Group g) {
      kind = new Expr.Group(orderer.order(g.body(), bound));
    } else if (e.kind() instanceof Expr.Logic l) {
      List<Expr> ops = new ArrayList<>();
      l.operands().forEach(o -> ops.add(expr(o)));
      kind = new Expr.Logic(l.or(), List.copyOf(ops));
    } else {
      throw new IllegalStateException("unexpected " + e.kind());
    }
    List<Expr.With> withs = new ArrayList<>();
    e.withs().forEach(w -> withs.add(new Expr.With(w.target(), term(w.value()), w.loc())));
    return new Expr(e.negated(), kind, List.copyOf(withs), e.loc());
  }

  private static void addVars(Term t, Set<String> out) {
    if (t == null) {
      return;
    }
    if (t instanceof Term.Var v) {
      out.add(v.name());
    } else if (t instanceof Term.ArrayTerm a) {
      a.items().forEach(x -> addVars(x, out));
    } else if (t instanceof Term.ObjectTerm o) {
      o.values().forEach(x -> addVars(x, out));
    }
  }

  Term term(Term t) {
    if (t instanceof Term.Ref r) {
      return new Term.Ref(term(r.head()), terms(r.path()), r.loc());
    } else if (t instanceof Term.ArrayTerm a) {
      return new Term.ArrayTerm(terms(a.items()), a.loc());
    } else if (t instanceof Term.SetTerm s) {
      return new Term.SetTerm(terms(s.items()), s.loc());
    } else if (t instanceof Term.ObjectTerm o) {
      return new Term.ObjectTerm(terms(o.keys()), terms(o.values()), o.loc());
    } else if (t instanceof Term.Call c) {
      return new Term.Call(c.operator(), terms(c.args()), c.loc());
    } else if (t instanceof Term.ArrayCompr ac) {
      Body b = orderer.order(ac.body(), bound);
      return new Term.ArrayCompr(nestedHead(ac.head(), b), b, ac.loc());
    } else if (t instanceof Term.SetCompr sc) {
      Body b = orderer.order(sc.body(), bound);
      return new Term.SetCompr(nestedHead(sc.head(), b), b, sc.loc());
    } else if (t instanceof Term.ObjectCompr oc) {
      Body b = orderer.order(oc.body(), bound);
      return new Term.ObjectCompr(nestedHead(oc.key(), b), nestedHead(oc.value(), b), b, oc.loc());
    } else if (t instanceof Term.Template tpl) {
      List<Expr> exprs = new ArrayList<>();
      tpl.exprs().forEach(x -> exprs.add(expr(x)));
      return new Term.Template(tpl.parts(), List.copyOf(exprs), tpl.loc());
    } else {
      return t;
    }
  }

  /** Head terms may hold comprehensions too; they see the comprehension body's variables as bound. */
  private Term nestedHead(Term head, Body body) {
    return new NestedBodyOrderer(orderer, bound).term(head);
  }

  private List<Term> terms(List<Term> in) {
    List<Term> out = new ArrayList<>(in.size());
    in.forEach(x -> out.add(term(x)));
    return List.copyOf(out);
  }
}
