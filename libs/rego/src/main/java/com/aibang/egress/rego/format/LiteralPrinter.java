package com.aibang.egress.rego.format;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.lexer.Token;
import com.aibang.egress.rego.lexer.TokenType;
import java.util.List;

/** Writes body literals: expressions, not, some, every, with-modifiers and the experimental and/or. */
final class LiteralPrinter {
  private final FormatWriter w;
  private final SourceText source;
  private final TermPrinter terms;

  LiteralPrinter(FormatWriter w, SourceText source) {
    this.w = w;
    this.source = source;
    this.terms = new TermPrinter(w, source, this);
  }

  TermPrinter terms() { return terms; }

  /** Literals separated by "; " on the current line. */
  void inline(Body body) {
    for (int i = 0; i < body.exprs().size(); i++) {
      if (i > 0) {
        w.text("; ");
      }
      literal(body.exprs().get(i));
    }
  }

  /** One literal per line at the current indentation (the caller opened the block). */
  void lines(Body body) {
    for (Expr e : body.exprs()) {
      w.beginItem(e.loc().line(), true);
      literal(e);
      w.newline();
    }
  }

  /** `{`, the literals one per line, `}` (the closing brace's comments stay inside the block). */
  void block(Body body) {
    int closeLine = closeLine(body);
    boolean oneLine = closeLine > 0 && closeLine == body.exprs().get(0).loc().line();
    int hold = oneLine ? w.holdTrailing(closeLine) : 0;
    w.text("{");
    w.newline();
    w.indent();
    w.startBlock();
    lines(body);
    if (closeLine > 0) {
      w.beginItem(closeLine, false);
    }
    w.dedent();
    w.text("}");
    w.saw(closeLine);
    if (oneLine) {
      w.releaseTrailing(hold);
    }
  }

  /** Line of the `}` closing a braced body, or -1 when the source wrote it without braces. */
  private int closeLine(Body body) {
    int first = source.tokenIndex(body.exprs().get(0).loc());
    Token before = source.token(first - 1);
    return before != null && before.is(TokenType.LBRACE) ? source.matchingLine(first - 1) : -1;
  }

  /** True when the source wrote this body as `if literal`, without braces. */
  boolean writtenInline(Body body) {
    if (body.exprs().size() != 1 || startsWithBrace(body.exprs().get(0))) {
      return false;
    }
    Token before = source.tokenBefore(body.exprs().get(0).loc());
    return before != null && before.isIdent("if");
  }

  /** `if {` always opens a body, so a literal starting with an object or set cannot follow `if` directly. */
  private static boolean startsWithBrace(Expr e) {
    if (e.negated() || !(e.kind() instanceof Expr.TermExpr te)) {
      return false;
    }
    Term t = te.term();
    while (true) {
      if (t instanceof Term.Call c && c.args().size() >= 2 && TermPrinter.precedence(t) < TermPrinter.PRIMARY
          || t instanceof Term.Call a && a.operator() instanceof Term.Var v && a.args().size() == 2
          && (v.name().equals("assign") || v.name().equals("eq"))) {
        t = ((Term.Call) t).args().get(0);
      } else if (t instanceof Term.Ref r) {
        t = r.head();
      } else {
        return t instanceof Term.ObjectTerm || t instanceof Term.SetTerm s && !s.items().isEmpty()
            || t instanceof Term.SetCompr || t instanceof Term.ObjectCompr;
      }
    }
  }

  void literal(Expr e) {
    w.saw(e.loc().line());
    Expr.Kind kind = e.kind();
    boolean logic = kind instanceof Expr.Logic;
    if (e.negated()) {
      w.text(logic ? "not (" : "not ");
    }
    if (kind instanceof Expr.TermExpr te) {
      topTerm(te.term());
    } else if (kind instanceof Expr.SomeDecl sd) {
      w.text("some ");
      for (int i = 0; i < sd.vars().size(); i++) {
        w.text((i > 0 ? ", " : "") + TermPrinter.varName(sd.vars().get(i)));
      }
    } else if (kind instanceof Expr.SomeIn si) {
      w.text("some ");
      keyValueIn(si.key(), si.value(), si.collection());
    } else if (kind instanceof Expr.Every ev) {
      w.text("every ");
      keyValueIn(ev.key(), ev.value(), ev.domain());
      w.text(" ");
      block(ev.body());
    } else if (kind instanceof Expr.Group g) {
      group(g.body());
    } else if (kind instanceof Expr.Logic l) {
      logic(l);
    } else {
      throw new IllegalStateException("unknown expression " + kind);
    }
    if (e.negated() && logic) {
      w.text(")");
    }
    withs(e.withs());
  }

  /**
   * `with` modifiers follow the expression on its line; one that the source started on a later line than the
   * `with` before it starts a line of its own, indented one level (as `opa fmt` keeps long chains readable).
   */
  private void withs(List<Expr.With> withs) {
    boolean indented = false;
    for (int i = 0; i < withs.size(); i++) {
      Expr.With with = withs.get(i);
      if (i > 0 && with.loc().line() > withs.get(i - 1).loc().line()) {
        if (!indented) {
          indented = true;
          w.indent();
        }
        w.newline();
        w.saw(with.loc().line());
        w.text("with ");
      } else {
        w.text(" with ");
      }
      terms.term(with.target(), TermPrinter.PRIMARY, false);
      w.text(" as ");
      terms.term(with.value(), TermPrinter.IN, false);
    }
    if (indented) {
      w.dedent();
    }
  }

  private void keyValueIn(Term key, Term value, Term collection) {
    if (key != null) {
      terms.term(key, TermPrinter.RELATION, false);
      w.text(", ");
    }
    terms.term(value, TermPrinter.RELATION, false);
    w.text(" in ");
    terms.term(collection, TermPrinter.RELATION, false);
  }

  /** `a := b` and `a = b` are calls to assign/eq that only exist as whole literals. */
  private void topTerm(Term t) {
    if (t instanceof Term.Call c && c.operator() instanceof Term.Var v && c.args().size() == 2
        && (v.name().equals("assign") || v.name().equals("eq"))) {
      terms.term(c.args().get(0), TermPrinter.KEY_VALUE_IN, false);
      w.text(v.name().equals("assign") ? " := " : " = ");
      terms.term(c.args().get(1), TermPrinter.KEY_VALUE_IN, false);
      return;
    }
    terms.term(t, TermPrinter.KEY_VALUE_IN, false);
  }

  private void group(Body body) {
    w.text("{ ");
    inline(body);
    w.text(" }");
  }

  /** Operands of and/or are groups the parser creates around single literals; write those bare. */
  private void logic(Expr.Logic l) {
    List<Expr> ops = l.operands();
    for (int i = 0; i < ops.size(); i++) {
      if (i > 0) {
        w.text(l.or() ? " or " : " and ");
      }
      Expr op = ops.get(i);
      if (op.kind() instanceof Expr.Group g && !op.negated() && op.withs().isEmpty() && g.body().exprs().size() == 1
          && bareOperand(g.body().exprs().get(0))) {
        literal(g.body().exprs().get(0));
      } else if (op.kind() instanceof Expr.Logic && !op.negated()) {
        // the parser keeps parenthesised and/or as a nested operand: keep the parentheses
        w.text("(");
        literal(op);
        w.text(")");
      } else {
        literal(op);
      }
    }
  }

  /** A literal the parser wraps in a group by itself when it stands between and/or. */
  private static boolean bareOperand(Expr e) {
    return e.withs().isEmpty() && !(e.kind() instanceof Expr.Group) && !(e.kind() instanceof Expr.Logic);
  }
}
