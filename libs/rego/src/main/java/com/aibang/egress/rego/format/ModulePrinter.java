package com.aibang.egress.rego.format;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Module;
import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.value.BooleanValue;
import java.util.List;

/**
 * Writes a module in canonical layout: package, imports, then each rule as its own block separated
 * by one blank line, `if` before every body, `contains` for multi-value rules, tab indentation.
 */
final class ModulePrinter {
  private final FormatWriter w;
  private final SourceText source;
  private final LiteralPrinter literals;
  private final TermPrinter terms;

  ModulePrinter(SourceText source) {
    this.source = source;
    this.w = new FormatWriter(source);
    this.literals = new LiteralPrinter(w, source);
    this.terms = literals.terms();
  }

  String print(Module m) {
    Term.Ref pkg = m.packageRef();
    w.beginItem(pkg.loc().line(), true);
    w.text("package ");
    terms.path(pkg.path(), true);
    w.newline();
    if (!m.imports().isEmpty()) {
      w.blankLine();
    }
    for (Module.Import imp : m.imports()) {
      w.beginItem(imp.loc().line(), true);
      w.text("import ");
      terms.ref(imp.path());
      if (imp.alias() != null) {
        w.text(" as " + imp.alias());
      }
      w.newline();
    }
    int prefix = pkg.path().size();
    for (Rule r : m.rules()) {
      w.blankLine();
      w.beginItem(r.loc().line(), true);
      rule(r, prefix);
      w.newline();
    }
    return w.finish();
  }

  private void rule(Rule r, int packagePathSize) {
    if (r.isDefault()) {
      w.text("default ");
    }
    List<Term> head = r.ref().path();
    terms.path(head.subList(packagePathSize, head.size()), true);
    if (r.args() != null) {
      w.text("(");
      for (int i = 0; i < r.args().size(); i++) {
        if (i > 0) {
          w.text(", ");
        }
        terms.term(r.args().get(i), TermPrinter.IN, false);
      }
      w.text(")");
    }
    if (r.key() != null) {
      w.text(" contains ");
      terms.term(r.key(), TermPrinter.IN, false);
    }
    value(r.value());
    if (r.isDefault()) {
      return;
    }
    body(r, r.elseRule() != null);
    for (Rule e = r.elseRule(); e != null; e = e.elseRule()) {
      w.text(" else");
      value(e.value());
      body(e, e.elseRule() != null);
    }
  }

  private void value(Term value) {
    if (value == null) {
      return;
    }
    String op = source.assignmentBefore(firstTokenLoc(value));
    w.text(" " + (op == null ? ":=" : op) + " ");
    terms.term(value, TermPrinter.IN, false);
  }

  private static com.aibang.egress.rego.ast.Location firstTokenLoc(Term t) {
    if (TermPrinter.precedence(t) < TermPrinter.PRIMARY && t instanceof Term.Call c) {
      return firstTokenLoc(c.args().get(0));
    }
    return t.loc();
  }

  /** Nothing for a rule without body, ` if literal` where the source had that, else ` if { ... }`. */
  private void body(Rule branch, boolean elseFollows) {
    Body body = branch.body();
    if (isImplicitTrue(body, branch)) {
      return;
    }
    w.text(" if ");
    if (!elseFollows && literals.writtenInline(body)) {
      literals.literal(body.exprs().get(0));
    } else {
      literals.block(body);
    }
  }

  /** The parser gives rules without a body the body `true` located at the rule itself. */
  private static boolean isImplicitTrue(Body body, Rule branch) {
    if (body.exprs().size() != 1) {
      return false;
    }
    Expr e = body.exprs().get(0);
    return !e.negated() && e.withs().isEmpty() && e.kind() instanceof Expr.TermExpr te
        && te.term() instanceof Term.Scalar s && s.value().equals(BooleanValue.TRUE)
        && s.loc().equals(branch.loc());
  }
}
