package com.aibang.egress.rego.parser;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Location;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.lexer.TokenType;
import java.util.ArrayList;
import java.util.List;

/** Parses bodies and literals: expressions, not, some, every and with-modifiers. */
final class LiteralParser extends ExprParser {
  private final LogicKeywords logic;

  LiteralParser(TokenStream ts, WildcardNamer wildcards) {
    this(ts, wildcards, LogicKeywords.NONE);
  }

  LiteralParser(TokenStream ts, WildcardNamer wildcards, LogicKeywords logic) {
    super(ts, wildcards);
    this.logic = logic;
  }

  /** Which experimental logic keywords a module imported (future.keywords.and / or / not). */
  record LogicKeywords(boolean and, boolean or, boolean notGroups) {
    static final LogicKeywords NONE = new LogicKeywords(false, false, false);

    boolean any() { return and || or || notGroups; }
  }

  /** Parses literals until the end token (not consumed). */
  @Override
  Body body(TokenType end) {
    Location loc = ts.loc();
    List<Expr> exprs = new ArrayList<>();
    while (!ts.at(end)) {
      exprs.add(literal());
      if (ts.accept(TokenType.SEMICOLON)) {
        continue;
      }
      if (!ts.at(end) && !ts.peek().newlineBefore()) {
        throw ts.error("unexpected " + ts.peek().describe() + " token: expected \\n or ; or " + describe(end));
      }
    }
    if (exprs.isEmpty()) {
      throw ts.error("found empty body");
    }
    return new Body(exprs, loc);
  }

  private static String describe(TokenType end) { return end == TokenType.RBRACE ? "}" : "end of query"; }

  Expr literal() {
    if (!logic.any()) {
      return plainLiteral();
    }
    Location loc = ts.loc();
    return withs(logicOr(loc));
  }

  // ---- experimental and/or/not-group operands; `not` binds tightest, then and, then or ----

  private Expr logicOr(Location loc) {
    List<Expr> ops = new ArrayList<>(List.of(logicAnd(loc)));
    while (logic.or() && atKeyword("or")) {
      ts.next();
      ops.add(logicAnd(ts.loc()));
    }
    return ops.size() == 1 ? ops.get(0) : logicExpr(true, ops, loc);
  }

  private Expr logicAnd(Location loc) {
    List<Expr> ops = new ArrayList<>(List.of(operand()));
    while (logic.and() && atKeyword("and")) {
      ts.next();
      ops.add(operand());
    }
    return ops.size() == 1 ? ops.get(0) : logicExpr(false, ops, loc);
  }

  /** Each operand becomes its own scope (a group), so its variables stay local. */
  private static Expr logicExpr(boolean or, List<Expr> ops, Location loc) {
    List<Expr> wrapped = new ArrayList<>();
    for (Expr op : ops) {
      wrapped.add(op.kind() instanceof Expr.Group || op.kind() instanceof Expr.Logic ? op : group(op));
    }
    return new Expr(false, new Expr.Logic(or, List.copyOf(wrapped)), List.of(), loc);
  }

  private static Expr group(Expr e) {
    return new Expr(false, new Expr.Group(new Body(List.of(e), e.loc())), List.of(), e.loc());
  }

  private Expr operand() {
    Location loc = ts.loc();
    if (atKeyword("not")) {
      ts.next();
      Expr inner = operand();
      Expr target = inner.negated() ? group(inner) : inner;
      return new Expr(true, target.kind(), target.withs(), target.loc());
    }
    if (atKeyword("some") || atKeyword("every")) {
      return plainLiteral();
    }
    if (ts.at(TokenType.LBRACE)) {
      int mark = ts.mark();
      try {
        Expr e = simpleExpr(loc);
        if (endsOperand()) {
          return e;
        }
      } catch (ParseException notATerm) {
        // `{ a := 1; a > 0 }` is a group body, not an object or set literal
      }
      ts.reset(mark);
      ts.next();
      Body b = body(TokenType.RBRACE);
      ts.expect(TokenType.RBRACE, "}");
      return new Expr(false, new Expr.Group(b), List.of(), loc);
    }
    if (ts.at(TokenType.LPAREN)) {
      int mark = ts.mark();
      try {
        Expr e = simpleExpr(loc);
        if (endsOperand()) {
          return e;
        }
      } catch (ParseException notATerm) {
        // `(a or b)` groups logic operands
      }
      ts.reset(mark);
      ts.next();
      Expr inner = withs(logicOr(ts.loc()));
      ts.expect(TokenType.RPAREN, ")");
      return inner.withs().isEmpty() ? inner : group(inner);
    }
    return simpleExpr(loc);
  }

  private boolean endsOperand() {
    return atKeyword("and") || atKeyword("or") || atKeyword("with") || ts.at(TokenType.SEMICOLON)
        || ts.at(TokenType.RBRACE) || ts.at(TokenType.RBRACK) || ts.at(TokenType.RPAREN) || ts.at(TokenType.EOF)
        || ts.peek().newlineBefore();
  }

  private Expr simpleExpr(Location loc) {
    Term lhs = termIn(true);
    if (ts.at(TokenType.ASSIGN) || ts.at(TokenType.UNIFY)) {
      String op = ts.next().is(TokenType.ASSIGN) ? "assign" : "eq";
      Term rhs = termIn(true);
      lhs = new Term.Call(new Term.Var(op, loc), List.of(lhs, rhs), loc);
    }
    return new Expr(false, new Expr.TermExpr(lhs), List.of(), loc);
  }

  private Expr plainLiteral() {
    Location loc = ts.loc();
    if (atKeyword("some")) {
      ts.next();
      return withs(someDecl(loc));
    }
    if (atKeyword("every")) {
      ts.next();
      return withs(every(loc));
    }
    boolean negated = false;
    if (atKeyword("not")) {
      ts.next();
      negated = true;
    }
    Term lhs = termIn(true);
    if (ts.at(TokenType.ASSIGN) || ts.at(TokenType.UNIFY)) {
      String op = ts.next().is(TokenType.ASSIGN) ? "assign" : "eq";
      Term rhs = termIn(true);
      lhs = new Term.Call(new Term.Var(op, loc), List.of(lhs, rhs), loc);
    }
    return withs(new Expr(negated, new Expr.TermExpr(lhs), List.of(), loc));
  }

  private Expr withs(Expr e) {
    List<Expr.With> withs = new ArrayList<>();
    while (atKeyword("with")) {
      Location loc = ts.loc();
      ts.next();
      Term target = primary();
      if (!atKeyword("as")) {
        throw ts.error("unexpected " + ts.peek().describe() + " token: expected as");
      }
      ts.next();
      Term value = termIn(false);
      withs.add(new Expr.With(target, value, loc));
    }
    return withs.isEmpty() ? e : new Expr(e.negated(), e.kind(), withs, e.loc());
  }

  private Expr someDecl(Location loc) {
    List<Term> terms = new ArrayList<>();
    terms.add(relation());
    while (ts.accept(TokenType.COMMA)) {
      terms.add(relation());
    }
    if (atKeyword("in")) {
      ts.next();
      if (terms.size() > 2) {
        throw ts.error("unexpected , token: expected at most two terms before in");
      }
      Term coll = relation();
      Term key = terms.size() == 2 ? terms.get(0) : null;
      return new Expr(false, new Expr.SomeIn(key, terms.get(terms.size() - 1), coll), List.of(), loc);
    }
    List<Term.Var> vars = new ArrayList<>();
    for (Term t : terms) {
      if (!(t instanceof Term.Var v)) {
        throw new ParseException("expected var or var in collection after some", t.loc().line(), t.loc().col());
      }
      vars.add(v);
    }
    return new Expr(false, new Expr.SomeDecl(vars), List.of(), loc);
  }

  private Expr every(Location loc) {
    Term first = relation();
    Term key = null;
    Term value = first;
    if (ts.accept(TokenType.COMMA)) {
      key = first;
      value = relation();
    }
    if (!atKeyword("in")) {
      throw ts.error("unexpected " + ts.peek().describe() + " token: expected in");
    }
    ts.next();
    Term domain = relation();
    ts.expect(TokenType.LBRACE, "{");
    Body body = body(TokenType.RBRACE);
    ts.expect(TokenType.RBRACE, "}");
    return new Expr(false, new Expr.Every(key, value, domain, body), List.of(), loc);
  }

}
