package com.aibang.egress.rego.parser;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Location;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.lexer.Token;
import com.aibang.egress.rego.lexer.TokenType;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NullValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.StringValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses terms (operator precedence: in < relation < | < & < +- < * / %); bodies come from the subclass. */
abstract class ExprParser {
  static final Set<String> KEYWORDS = Set.of("as", "contains", "default", "else", "every", "false", "if",
      "import", "in", "not", "null", "package", "some", "true", "with");
  private static final Map<TokenType, String> RELATIONS = Map.of(TokenType.EQUAL, "equal", TokenType.NEQ, "neq",
      TokenType.LT, "lt", TokenType.LTE, "lte", TokenType.GT, "gt", TokenType.GTE, "gte");

  final TokenStream ts;
  private final WildcardNamer wildcards;

  ExprParser(TokenStream ts, WildcardNamer wildcards) {
    this.ts = ts;
    this.wildcards = wildcards;
  }

  /** A keyword used as a word (not as the head of a ref like `as.foo`). */
  boolean atKeyword(String word) {
    return ts.atIdent(word) && !(ts.peek(1).is(TokenType.DOT) || ts.peek(1).is(TokenType.LBRACK))
        || ts.atIdent(word) && ts.peek(1).spaceBefore();
  }

  /** Parses literals until the end token (not consumed); comprehension bodies need it. */
  abstract Body body(TokenType end);

  /** Membership level; keyVal allows `k, v in xs`. */
  Term termIn(boolean keyVal) {
    Term lhs = relation();
    if (keyVal && ts.at(TokenType.COMMA)) {
      int mark = ts.mark();
      ts.next();
      try {
        Term mhs = relation();
        if (atKeyword("in")) {
          Location loc = ts.loc();
          ts.next();
          Term rhs = relation();
          lhs = call("internal.member_3", loc, lhs, mhs, rhs);
          return inTail(lhs);
        }
      } catch (ParseException e) {
        // not a key-value membership; fall back to the plain term
      }
      ts.reset(mark);
    }
    return inTail(lhs);
  }

  private Term inTail(Term lhs) {
    while (atKeyword("in")) {
      Location loc = ts.loc();
      ts.next();
      lhs = call("internal.member_2", loc, lhs, relation());
    }
    return lhs;
  }

  Term relation() {
    Term lhs = or(true);
    while (RELATIONS.containsKey(ts.peek().type())) {
      Location loc = ts.loc();
      String op = RELATIONS.get(ts.next().type());
      lhs = call(op, loc, lhs, or(true));
    }
    return lhs;
  }

  /** `|` level; allowBar=false parses a comprehension head (stops before `|`). */
  Term or(boolean allowBar) {
    Term lhs = and();
    while (allowBar && ts.at(TokenType.BAR)) {
      Location loc = ts.loc();
      ts.next();
      lhs = call("or", loc, lhs, and());
    }
    return lhs;
  }

  private Term and() {
    Term lhs = arith();
    while (ts.at(TokenType.AMP)) {
      Location loc = ts.loc();
      ts.next();
      lhs = call("and", loc, lhs, arith());
    }
    return lhs;
  }

  private Term arith() {
    Term lhs = factor();
    while (ts.at(TokenType.PLUS) || ts.at(TokenType.MINUS)) {
      Location loc = ts.loc();
      String op = ts.next().is(TokenType.PLUS) ? "plus" : "minus";
      lhs = call(op, loc, lhs, factor());
    }
    return lhs;
  }

  private Term factor() {
    Term lhs = primary();
    while (ts.at(TokenType.STAR) || ts.at(TokenType.SLASH) || ts.at(TokenType.PERCENT)) {
      Location loc = ts.loc();
      TokenType t = ts.next().type();
      String op = t == TokenType.STAR ? "mul" : t == TokenType.SLASH ? "div" : "rem";
      lhs = call(op, loc, lhs, primary());
    }
    return lhs;
  }

  private static Term call(String op, Location loc, Term... args) {
    return new Term.Call(new Term.Var(op, loc), List.of(args), loc);
  }

  /** A primary term with its ref/call suffixes. */
  Term primary() {
    Token t = ts.peek();
    Location loc = ts.loc(t);
    Term base;
    switch (t.type()) {
      case NUMBER -> {
        ts.next();
        base = new Term.Scalar(NumberValue.parse(t.text()), loc);
      }
      case STRING, RAW_STRING -> {
        ts.next();
        base = new Term.Scalar(StringValue.of(t.text()), loc);
      }
      case TEMPLATE, RAW_TEMPLATE -> {
        ts.next();
        base = TemplateParser.parse(t, loc, wildcards);
      }
      case MINUS -> {
        ts.next();
        if (ts.atAdjacent(TokenType.NUMBER)) {
          base = new Term.Scalar(NumberValue.parse("-" + ts.next().text()), loc);
        } else {
          Term operand = primary();
          return call("minus", loc, new Term.Scalar(NumberValue.ZERO, loc), operand);
        }
      }
      case LBRACK -> base = array(loc);
      case LBRACE -> base = braces(loc);
      case LPAREN -> {
        ts.next();
        base = termIn(true);
        ts.expect(TokenType.RPAREN, ")");
      }
      case IDENT -> base = ident(t, loc);
      default -> throw ts.error("unexpected " + t.describe() + " token: expected term");
    }
    return suffixes(base);
  }

  private Term ident(Token t, Location loc) {
    boolean refFollows = (ts.peek(1).is(TokenType.DOT) || ts.peek(1).is(TokenType.LBRACK)
        || ts.peek(1).is(TokenType.LPAREN)) && !ts.peek(1).spaceBefore();
    switch (refFollows && !t.text().equals("set") ? "" : t.text()) {
      case "true", "false" -> {
        ts.next();
        return new Term.Scalar(BooleanValue.of(t.text().equals("true")), loc);
      }
      case "null" -> {
        ts.next();
        return new Term.Scalar(NullValue.INSTANCE, loc);
      }
      case "set" -> {
        if (ts.peek(1).is(TokenType.LPAREN) && ts.peek(2).is(TokenType.RPAREN)) {
          ts.next();
          ts.next();
          ts.next();
          return new Term.SetTerm(List.of(), loc);
        }
      }
      default -> {
        if (KEYWORDS.contains(t.text()) && !refFollows) {
          throw ts.error("unexpected " + t.text() + " keyword: expected term");
        }
      }
    }
    ts.next();
    if (t.text().equals("_")) {
      return new Term.Var(wildcards.next(), loc);
    }
    return new Term.Var(t.text(), loc);
  }

  private Term suffixes(Term base) {
    Term cur = base;
    while (true) {
      if (ts.atAdjacent(TokenType.DOT)) {
        ts.next();
        Token name = ts.expect(TokenType.IDENT, "ident");
        cur = extend(cur, new Term.Scalar(StringValue.of(name.text()), ts.loc(name)));
      } else if (ts.atAdjacent(TokenType.LBRACK)) {
        ts.next();
        Term index = termIn(false);
        ts.expect(TokenType.RBRACK, "]");
        cur = extend(cur, index);
      } else if (ts.atAdjacent(TokenType.LPAREN) && isCallable(cur)) {
        ts.next();
        List<Term> args = new ArrayList<>();
        while (!ts.at(TokenType.RPAREN)) {
          args.add(termIn(false));
          if (!ts.accept(TokenType.COMMA)) {
            break;
          }
        }
        ts.expect(TokenType.RPAREN, ")");
        cur = new Term.Call(cur, args, cur.loc());
      } else {
        return cur;
      }
    }
  }

  private static boolean isCallable(Term t) {
    return t instanceof Term.Var || (t instanceof Term.Ref r && r.dottedName() != null);
  }

  private static Term extend(Term cur, Term element) {
    if (cur instanceof Term.Ref r) {
      List<Term> path = new ArrayList<>(r.path());
      path.add(element);
      return new Term.Ref(r.head(), List.copyOf(path), r.loc());
    }
    return new Term.Ref(cur, List.of(element), cur.loc());
  }

  private Term array(Location loc) {
    ts.next();
    if (ts.accept(TokenType.RBRACK)) {
      return new Term.ArrayTerm(List.of(), loc);
    }
    Term first = or(false);
    first = finishHead(first);
    if (ts.accept(TokenType.BAR)) {
      Body body = body(TokenType.RBRACK);
      ts.expect(TokenType.RBRACK, "]");
      return new Term.ArrayCompr(first, body, loc);
    }
    List<Term> items = new ArrayList<>();
    items.add(first);
    elements(items, TokenType.RBRACK);
    return new Term.ArrayTerm(List.copyOf(items), loc);
  }

  /** Completes a comprehension-head candidate parsed without `|` up to the relation/in level. */
  private Term finishHead(Term head) {
    Term lhs = head;
    while (RELATIONS.containsKey(ts.peek().type())) {
      Location loc = ts.loc();
      String op = RELATIONS.get(ts.next().type());
      lhs = call(op, loc, lhs, or(false));
    }
    while (atKeyword("in")) {
      Location loc = ts.loc();
      ts.next();
      lhs = call("internal.member_2", loc, lhs, or(false));
    }
    return lhs;
  }

  private void elements(List<Term> items, TokenType end) {
    while (ts.accept(TokenType.COMMA)) {
      if (ts.at(end)) {
        break;
      }
      items.add(termIn(false));
    }
    ts.expect(end, end == TokenType.RBRACK ? "]" : "}");
  }

  private Term braces(Location loc) {
    ts.next();
    if (ts.accept(TokenType.RBRACE)) {
      return new Term.ObjectTerm(List.of(), List.of(), loc);
    }
    Term first = finishHead(or(false));
    if (ts.accept(TokenType.COLON)) {
      Term value = finishHead(or(false));
      if (ts.accept(TokenType.BAR)) {
        Body body = body(TokenType.RBRACE);
        ts.expect(TokenType.RBRACE, "}");
        return new Term.ObjectCompr(first, value, body, loc);
      }
      List<Term> keys = new ArrayList<>(List.of(first));
      List<Term> values = new ArrayList<>(List.of(value));
      while (ts.accept(TokenType.COMMA)) {
        if (ts.at(TokenType.RBRACE)) {
          break;
        }
        keys.add(termIn(false));
        ts.expect(TokenType.COLON, ":");
        values.add(termIn(false));
      }
      ts.expect(TokenType.RBRACE, "}");
      return new Term.ObjectTerm(List.copyOf(keys), List.copyOf(values), loc);
    }
    if (ts.accept(TokenType.BAR)) {
      Body body = body(TokenType.RBRACE);
      ts.expect(TokenType.RBRACE, "}");
      return new Term.SetCompr(first, body, loc);
    }
    List<Term> items = new ArrayList<>();
    items.add(first);
    elements(items, TokenType.RBRACE);
    return new Term.SetTerm(List.copyOf(items), loc);
  }
}
