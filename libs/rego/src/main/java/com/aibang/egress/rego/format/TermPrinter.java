package com.aibang.egress.rego.format;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Location;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.lexer.Token;
import com.aibang.egress.rego.lexer.TokenType;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NullValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.RegoText;
import com.aibang.egress.rego.value.StringValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes terms: operators with the fewest parentheses the parser needs (precedence levels below),
 * collections and calls on one line unless the source put their elements on separate lines.
 */
final class TermPrinter {
  /** Precedence levels, loosest first: `k, v in xs`, `x in xs`, relations, |, &, + -, * / %, primaries. */
  static final int KEY_VALUE_IN = 0;
  static final int IN = 1;
  static final int RELATION = 2;
  static final int PRIMARY = 7;

  private record Infix(String symbol, int precedence) {}

  private static final Map<String, Infix> INFIX = Map.ofEntries(
      Map.entry("internal.member_2", new Infix("in", IN)),
      Map.entry("equal", new Infix("==", RELATION)), Map.entry("neq", new Infix("!=", RELATION)),
      Map.entry("lt", new Infix("<", RELATION)), Map.entry("lte", new Infix("<=", RELATION)),
      Map.entry("gt", new Infix(">", RELATION)), Map.entry("gte", new Infix(">=", RELATION)),
      Map.entry("or", new Infix("|", 3)), Map.entry("and", new Infix("&", 4)),
      Map.entry("plus", new Infix("+", 5)), Map.entry("minus", new Infix("-", 5)),
      Map.entry("mul", new Infix("*", 6)), Map.entry("div", new Infix("/", 6)), Map.entry("rem", new Infix("%", 6)));
  private static final String MEMBER_3 = "internal.member_3";

  private final FormatWriter w;
  private final SourceText source;
  private final LiteralPrinter literals;

  TermPrinter(FormatWriter w, SourceText source, LiteralPrinter literals) {
    this.w = w;
    this.source = source;
    this.literals = literals;
  }

  /**
   * Writes t so the parser reads it back at level minPrecedence; noBar marks collection elements and
   * comprehension heads, where a bare `|` would be read as the comprehension bar.
   */
  void term(Term t, int minPrecedence, boolean noBar) {
    boolean parens = precedence(t) < minPrecedence || noBar && isInfix(t, "or");
    if (parens) {
      w.text("(");
      bare(t, false);
      w.text(")");
    } else {
      bare(t, noBar);
    }
  }

  private void bare(Term t, boolean noBar) {
    w.saw(startLine(t));
    if (t instanceof Term.Scalar s) {
      scalar(s);
    } else if (t instanceof Term.Var v) {
      w.text(varName(v));
    } else if (t instanceof Term.Ref r) {
      ref(r);
    } else if (t instanceof Term.Call c) {
      call(c, noBar);
    } else if (t instanceof Term.ArrayTerm a) {
      elements("[", "]", a.items(), tokenAt(a.loc()));
    } else if (t instanceof Term.SetTerm s) {
      if (s.items().isEmpty()) {
        w.text("set()");
      } else {
        elements("{", "}", s.items(), tokenAt(s.loc()));
      }
    } else if (t instanceof Term.ObjectTerm o) {
      object(o);
    } else if (t instanceof Term.ArrayCompr c) {
      comprehension("[", "]", List.of(c.head()), c.body(), c.loc());
    } else if (t instanceof Term.SetCompr c) {
      comprehension("{", "}", List.of(c.head()), c.body(), c.loc());
    } else if (t instanceof Term.ObjectCompr c) {
      comprehension("{", "}", List.of(c.key(), c.value()), c.body(), c.loc());
    } else if (t instanceof Term.Template tp) {
      raw(tp.loc(), "template");
    } else {
      throw new IllegalStateException("unknown term " + t);
    }
  }

  static String varName(Term.Var v) { return v.isWildcard() ? "_" : v.name(); }

  private void scalar(Term.Scalar s) {
    if (s.value() instanceof StringValue str) {
      char c = source.charAt(s.loc());
      if (c == '"' || c == '`') {
        raw(s.loc(), "string");
      } else {
        StringBuilder sb = new StringBuilder();
        RegoText.quote(str.value(), sb);
        w.text(sb.toString());
      }
    } else if (s.value() instanceof NumberValue n) {
      String raw = source.rawLiteral(s.loc());
      w.text(raw != null ? raw : n.toString());
    } else if (s.value() instanceof BooleanValue b) {
      w.text(b.equals(BooleanValue.TRUE) ? "true" : "false");
    } else if (s.value() instanceof NullValue) {
      w.text("null");
    } else {
      throw new IllegalStateException("unexpected constant " + s.value());
    }
  }

  /** Copies a literal as written (raw strings stay raw, escapes stay as they were). */
  private void raw(Location loc, String what) {
    String text = source.rawLiteral(loc);
    if (text == null) {
      throw new IllegalStateException("no " + what + " literal in the source at " + loc);
    }
    w.text(text);
    w.saw(loc.line() + (int) text.chars().filter(ch -> ch == '\n').count());
  }

  void ref(Term.Ref r) {
    if (r.head() instanceof Term.Var v) {
      w.text(varName(v));
    } else {
      term(r.head(), PRIMARY, false);
    }
    path(r.path(), false);
  }

  /** Ref path elements: `.name` for names, `[term]` otherwise; firstBare writes a leading name without dot. */
  void path(List<Term> path, boolean firstBare) {
    for (int i = 0; i < path.size(); i++) {
      Term el = path.get(i);
      w.saw(el.loc().line());
      if (el instanceof Term.Scalar s && s.value() instanceof StringValue str) {
        char c = source.charAt(s.loc());
        boolean quoted = c == '"' || c == '`';
        if (!quoted && isName(str.value())) {
          w.text((i == 0 && firstBare ? "" : ".") + str.value());
          continue;
        }
      }
      w.text("[");
      term(el, IN, false);
      w.text("]");
    }
  }

  private static boolean isName(String s) {
    if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
      return false;
    }
    return s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
  }

  private void call(Term.Call c, boolean noBar) {
    String op = c.operator() instanceof Term.Var v ? v.name() : null;
    Infix infix = op == null || c.args().size() != 2 ? null : INFIX.get(op);
    if (isUnaryMinus(c)) {
      w.text("-");
      Term operand = c.args().get(1);
      boolean number = operand instanceof Term.Scalar s && s.value() instanceof NumberValue;
      term(operand, number ? PRIMARY + 1 : PRIMARY, false);
    } else if (infix != null) {
      int p = infix.precedence();
      term(c.args().get(0), p, noBar);
      w.text(" " + infix.symbol() + " ");
      term(c.args().get(1), noBar && p == IN ? 3 : p + 1, noBar);
    } else if (MEMBER_3.equals(op) && c.args().size() == 3) {
      term(c.args().get(0), RELATION, noBar);
      w.text(", ");
      term(c.args().get(1), RELATION, noBar);
      w.text(" in ");
      term(c.args().get(2), noBar ? 3 : RELATION, noBar);
    } else {
      if (c.operator() instanceof Term.Ref r) {
        ref(r);
      } else {
        w.text(op);
      }
      int open = source.firstFrom(tokenAt(c.operator().loc()), TokenType.LPAREN);
      elements("(", ")", c.args(), open);
    }
  }

  /** `-x` parses as minus(0, x) with the 0 placed at the minus sign. */
  private boolean isUnaryMinus(Term.Call c) {
    return c.operator() instanceof Term.Var v && v.name().equals("minus") && c.args().size() == 2
        && c.args().get(0) instanceof Term.Scalar zero && zero.value().equals(NumberValue.ZERO)
        && zero.loc().equals(c.loc()) && source.charAt(zero.loc()) == '-';
  }

  static int precedence(Term t) {
    if (t instanceof Term.Call c && c.operator() instanceof Term.Var v) {
      if (v.name().equals(MEMBER_3) && c.args().size() == 3) {
        return KEY_VALUE_IN;
      }
      Infix infix = c.args().size() == 2 ? INFIX.get(v.name()) : null;
      if (infix != null && !(v.name().equals("minus") && isUnaryShape(c))) {
        return infix.precedence();
      }
    }
    return PRIMARY;
  }

  private static boolean isUnaryShape(Term.Call c) {
    return c.args().get(0) instanceof Term.Scalar zero && zero.value().equals(NumberValue.ZERO)
        && zero.loc().equals(c.loc());
  }

  private static boolean isInfix(Term t, String name) {
    return t instanceof Term.Call c && c.operator() instanceof Term.Var v && v.name().equals(name)
        && c.args().size() == 2;
  }

  /** The source line where a term starts (infix operators are located at their operator). */
  static int startLine(Term t) {
    if (precedence(t) < PRIMARY && t instanceof Term.Call c) {
      return startLine(c.args().get(0));
    }
    return t.loc().line();
  }

  private int tokenAt(Location loc) { return source.tokenIndex(loc); }

  private void elements(String open, String close, List<Term> items, int openToken) {
    List<Runnable> writers = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    for (Term item : items) {
      writers.add(() -> term(item, IN, !open.equals("(")));
      lines.add(startLine(item));
    }
    layout(open, close, writers, lines, openToken);
  }

  private void object(Term.ObjectTerm o) {
    List<Runnable> writers = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    for (int i = 0; i < o.keys().size(); i++) {
      Term k = o.keys().get(i);
      Term v = o.values().get(i);
      writers.add(() -> {
        term(k, IN, true);
        w.text(": ");
        term(v, IN, true);
      });
      lines.add(startLine(k));
    }
    layout("{", "}", writers, lines, tokenAt(o.loc()));
  }

  /**
   * One line, or, when the source had a line break between elements, one line per source line of
   * elements (trailing commas), like opa fmt.
   */
  private void layout(String open, String close, List<Runnable> writers, List<Integer> lines, int openToken) {
    Token openBracket = source.token(openToken);
    int openLine = openBracket == null ? -1 : openBracket.line();
    int closeLine = source.matchingLine(openToken);
    boolean multi = false;
    for (int i = 0; i < lines.size() && openLine > 0; i++) {
      int previous = i == 0 ? openLine : lines.get(i - 1);
      multi |= lines.get(i) != previous;
    }
    w.text(open);
    if (!multi) {
      for (int i = 0; i < writers.size(); i++) {
        if (i > 0) {
          w.text(", ");
        }
        writers.get(i).run();
      }
      w.text(close);
      w.saw(closeLine);
      return;
    }
    w.indent();
    // elements written on the bracket's line move down: so do the end-of-line comments after them
    int hold = w.holdTrailing(lines.get(0) == openLine ? openLine : Integer.MAX_VALUE);
    for (int i = 0; i < writers.size(); i++) {
      if (i > 0 && lines.get(i).equals(lines.get(i - 1))) {
        w.text(", ");
      } else {
        w.text(i > 0 ? "," : "");
        w.newline();
        w.beginItem(lines.get(i), false);
      }
      writers.get(i).run();
      if (i == 0) {
        w.releaseTrailing(hold);
      }
    }
    w.text(",");
    w.newline();
    if (closeLine > 0) {
      w.beginItem(closeLine, false);
    }
    w.dedent();
    w.text(close);
  }

  private void comprehension(String open, String close, List<Term> head, Body body, Location loc) {
    int openToken = tokenAt(loc);
    int closeLine = source.matchingLine(openToken);
    int headLine = startLine(head.get(0));
    boolean multi = false;
    int previous = headLine;
    for (Expr e : body.exprs()) {
      multi |= e.loc().line() != previous;
      previous = e.loc().line();
    }
    w.text(open);
    term(head.get(0), IN, true);
    if (head.size() == 2) {
      w.text(": ");
      term(head.get(1), IN, true);
    }
    if (!multi) {
      w.text(" | ");
      literals.inline(body);
      w.text(close);
      w.saw(closeLine);
      return;
    }
    w.text(" |");
    w.newline();
    w.indent();
    w.startBlock();
    literals.lines(body);
    if (closeLine > 0) {
      w.beginItem(closeLine, false);
    }
    w.dedent();
    w.text(close);
  }
}
