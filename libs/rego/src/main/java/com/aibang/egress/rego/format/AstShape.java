package com.aibang.egress.rego.format;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Location;
import com.aibang.egress.rego.ast.Module;
import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.ast.Term;
import java.util.List;

/** The AST with every source position removed, so two parses can be compared with equals(). */
final class AstShape {
  private static final Location NONE = Location.NONE;

  private AstShape() {}

  static Module of(Module m) {
    return new Module(m.file(), (Term.Ref) term(m.packageRef()),
        m.imports().stream().map(i -> new Module.Import((Term.Ref) term(i.path()), i.alias(), NONE)).toList(),
        m.rules().stream().map(AstShape::rule).toList(), m.annotations());
  }

  static Rule rule(Rule r) {
    if (r == null) {
      return null;
    }
    return new Rule(r.kind(), r.ref() == null ? null : (Term.Ref) term(r.ref()), terms(r.args()), term(r.key()),
        term(r.value()), r.isDefault(), body(r.body()), rule(r.elseRule()), NONE);
  }

  private static Body body(Body b) {
    return b == null ? null : new Body(b.exprs().stream().map(AstShape::expr).toList(), NONE);
  }

  private static Expr expr(Expr e) {
    List<Expr.With> withs = e.withs().stream().map(w -> new Expr.With(term(w.target()), term(w.value()), NONE))
        .toList();
    return new Expr(e.negated(), kind(e.kind()), withs, NONE);
  }

  private static Expr.Kind kind(Expr.Kind k) {
    if (k instanceof Expr.TermExpr te) {
      return new Expr.TermExpr(term(te.term()));
    }
    if (k instanceof Expr.SomeDecl sd) {
      return new Expr.SomeDecl(sd.vars().stream().map(v -> (Term.Var) term(v)).toList());
    }
    if (k instanceof Expr.SomeIn si) {
      return new Expr.SomeIn(term(si.key()), term(si.value()), term(si.collection()));
    }
    if (k instanceof Expr.Every ev) {
      return new Expr.Every(term(ev.key()), term(ev.value()), term(ev.domain()), body(ev.body()));
    }
    if (k instanceof Expr.Group g) {
      return new Expr.Group(body(g.body()));
    }
    if (k instanceof Expr.Logic l) {
      return new Expr.Logic(l.or(), l.operands().stream().map(AstShape::expr).toList());
    }
    throw new IllegalStateException("unknown expression " + k);
  }

  private static List<Term> terms(List<Term> ts) {
    return ts == null ? null : ts.stream().map(AstShape::term).toList();
  }

  static Term term(Term t) {
    if (t == null) {
      return null;
    }
    if (t instanceof Term.Scalar s) {
      return new Term.Scalar(s.value(), NONE);
    }
    if (t instanceof Term.Var v) {
      return new Term.Var(v.name(), NONE);
    }
    if (t instanceof Term.Ref r) {
      return new Term.Ref(term(r.head()), terms(r.path()), NONE);
    }
    if (t instanceof Term.ArrayTerm a) {
      return new Term.ArrayTerm(terms(a.items()), NONE);
    }
    if (t instanceof Term.ObjectTerm o) {
      return new Term.ObjectTerm(terms(o.keys()), terms(o.values()), NONE);
    }
    if (t instanceof Term.SetTerm s) {
      return new Term.SetTerm(terms(s.items()), NONE);
    }
    if (t instanceof Term.Call c) {
      return new Term.Call(term(c.operator()), terms(c.args()), NONE);
    }
    if (t instanceof Term.ArrayCompr c) {
      return new Term.ArrayCompr(term(c.head()), body(c.body()), NONE);
    }
    if (t instanceof Term.SetCompr c) {
      return new Term.SetCompr(term(c.head()), body(c.body()), NONE);
    }
    if (t instanceof Term.ObjectCompr c) {
      return new Term.ObjectCompr(term(c.key()), term(c.value()), body(c.body()), NONE);
    }
    if (t instanceof Term.Template tp) {
      return new Term.Template(tp.parts(), tp.exprs().stream().map(AstShape::expr).toList(), NONE);
    }
    throw new IllegalStateException("unknown term " + t);
  }
}
