package com.aibang.egress.policyctl;

import com.aibang.egress.rego.SourceFile;
import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Module;
import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.parser.ParseException;
import com.aibang.egress.rego.parser.Parser;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The lines of a module that coverage counts, like OPA: every rule head (rules, else branches,
 * functions, defaults) and every expression, also inside every, comprehensions and templates.
 */
final class CoverableLines {
  private final SortedSet<Integer> lines = new TreeSet<>();

  private CoverableLines() {}

  /** Coverable lines of a module that already compiled (so it parses). */
  static SortedSet<Integer> of(SourceFile module) {
    CoverableLines c = new CoverableLines();
    Module m;
    try {
      m = Parser.parseModule(module.name(), module.content(), true);
    } catch (ParseException e) {
      return c.lines;
    }
    for (Rule r : m.rules()) {
      for (Rule branch = r; branch != null; branch = branch.elseRule()) {
        c.lines.add(branch.loc().line());
        c.body(branch.body());
        c.terms(branch.args());
        c.term(branch.key());
        c.term(branch.value());
      }
    }
    return c.lines;
  }

  private void body(Body b) {
    if (b != null) {
      b.exprs().forEach(this::expr);
    }
  }

  private void expr(Expr e) {
    lines.add(e.loc().line());
    for (Expr.With w : e.withs()) {
      term(w.value());
    }
    Expr.Kind k = e.kind();
    if (k instanceof Expr.TermExpr te) {
      term(te.term());
    } else if (k instanceof Expr.SomeIn si) {
      term(si.collection());
    } else if (k instanceof Expr.Every ev) {
      term(ev.domain());
      body(ev.body());
    } else if (k instanceof Expr.Group g) {
      body(g.body());
    } else if (k instanceof Expr.Logic l) {
      l.operands().forEach(this::expr);
    }
  }

  private void terms(List<Term> ts) {
    if (ts != null) {
      ts.forEach(this::term);
    }
  }

  /** Only comprehensions and templates hold expressions; other terms are walked to find them. */
  private void term(Term t) {
    if (t instanceof Term.ArrayCompr c) {
      body(c.body());
    } else if (t instanceof Term.SetCompr c) {
      body(c.body());
    } else if (t instanceof Term.ObjectCompr c) {
      body(c.body());
    } else if (t instanceof Term.Template tp) {
      tp.exprs().forEach(this::expr);
    } else if (t instanceof Term.Call c) {
      terms(c.args());
    } else if (t instanceof Term.Ref r) {
      term(r.head());
      terms(r.path());
    } else if (t instanceof Term.ArrayTerm a) {
      terms(a.items());
    } else if (t instanceof Term.SetTerm s) {
      terms(s.items());
    } else if (t instanceof Term.ObjectTerm o) {
      terms(o.keys());
      terms(o.values());
    }
  }
}
