package com.aibang.egress.rego.parser;

import com.aibang.egress.rego.ast.Body;
import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Location;
import com.aibang.egress.rego.ast.Module;
import com.aibang.egress.rego.ast.Rule;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.lexer.Lexer;
import com.aibang.egress.rego.lexer.LexerException;
import com.aibang.egress.rego.lexer.Token;
import com.aibang.egress.rego.lexer.TokenType;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.StringValue;
import java.util.ArrayList;
import java.util.List;

/** Rego v1 parser: modules (package, imports, rules), queries and single terms. */
public final class Parser {
  private static final String FUTURE_KEYWORDS = "future.keywords.";

  private final TokenStream ts;
  private LiteralParser exprs;
  private final String file;
  private final WildcardNamer wildcards = new WildcardNamer();
  private List<Lexer.Comment> comments;

  private Parser(String file, String src) {
    this.file = file;
    List<Token> tokens;
    try {
      Lexer lexer = new Lexer(src);
      tokens = lexer.all();
      comments = lexer.comments();
    } catch (LexerException e) {
      throw new ParseException(e.getMessage(), e.line(), e.col());
    }
    this.ts = new TokenStream(tokens, file);
    this.exprs = new LiteralParser(ts, wildcards);
  }

  public static Module parseModule(String file, String src) { return parseModule(file, src, false); }

  /** experimentalKeywords enables `import future.keywords.and` / `or` (otherwise such imports are errors). */
  public static Module parseModule(String file, String src, boolean experimentalKeywords) {
    return new Parser(file, src).module(experimentalKeywords);
  }

  public static Body parseQuery(String file, String src) {
    Parser p = new Parser(file, src);
    if (p.ts.at(TokenType.EOF)) {
      throw p.ts.error("empty query");
    }
    Body b = p.exprs.body(TokenType.EOF);
    return b;
  }

  /** Parses a single term (e.g. an input_term), which must span the whole text. */
  public static Term parseTerm(String file, String src) {
    Parser p = new Parser(file, src);
    Term t = p.exprs.termIn(false);
    if (!p.ts.at(TokenType.EOF)) {
      throw p.ts.error("unexpected " + p.ts.peek().describe() + " token: expected end of term");
    }
    return t;
  }

  private Module module(boolean experimentalKeywords) {
    if (!ts.atIdent("package")) {
      throw ts.error("unexpected " + ts.peek().describe() + " token: expected package");
    }
    Location pkgLoc = ts.loc();
    ts.next();
    Term.Ref pkg = dataRef(headRef(), pkgLoc);
    List<Module.Import> imports = new ArrayList<>();
    while (ts.atIdent("import") && !ts.peek(1).is(TokenType.DOT)) {
      Location loc = ts.loc();
      ts.next();
      Term path = exprs.primary();
      String alias = null;
      if (exprs.atKeyword("as")) {
        ts.next();
        alias = ts.expect(TokenType.IDENT, "ident").text();
      }
      if (!(path instanceof Term.Ref) && !(path instanceof Term.Var)) {
        throw new ParseException("invalid import path", loc.line(), loc.col());
      }
      Term.Ref ref = path instanceof Term.Ref r ? r : new Term.Ref(path, List.of(), path.loc());
      imports.add(new Module.Import(ref, alias, loc));
    }
    enableLogicKeywords(imports, experimentalKeywords);
    List<Rule> rules = new ArrayList<>();
    while (!ts.at(TokenType.EOF)) {
      if (!ts.peek().newlineBefore() && !ts.peek().is(TokenType.SEMICOLON)) {
        throw ts.error("unexpected " + ts.peek().describe() + " token: expected rule on a new line");
      }
      rules.add(rule(pkg));
    }
    List<Module.Annotation> annotations = new MetadataParser(comments).annotations(pkgLoc.line(), rules);
    return new Module(file, pkg, List.copyOf(imports), List.copyOf(rules), annotations);
  }

  private void enableLogicKeywords(List<Module.Import> imports, boolean experimental) {
    boolean and = false;
    boolean or = false;
    boolean not = false;
    for (Module.Import imp : imports) {
      String name = imp.path().dottedName();
      if (name == null || !name.startsWith(FUTURE_KEYWORDS)) {
        continue;
      }
      String kw = name.substring(FUTURE_KEYWORDS.length());
      if (kw.equals("and") || kw.equals("or") || kw.equals("not")) {
        if (!experimental) {
          throw new ParseException("experimental keyword " + kw + " is not enabled", imp.loc().line(),
              imp.loc().col());
        }
        and |= kw.equals("and");
        or |= kw.equals("or");
        not = true;
      }
    }
    if (and || or || not) {
      exprs = new LiteralParser(ts, wildcards, new LiteralParser.LogicKeywords(and, or, not));
    }
  }

  /** ident ( .ident | [term] )* as a list of path terms (first element a string). */
  private List<Term> headRef() {
    Token first = ts.expect(TokenType.IDENT, "ident");
    List<Term> path = new ArrayList<>();
    path.add(new Term.Scalar(StringValue.of(first.text()), ts.loc(first)));
    while (true) {
      if (ts.atAdjacent(TokenType.DOT)) {
        ts.next();
        Token t = ts.expect(TokenType.IDENT, "ident");
        path.add(new Term.Scalar(StringValue.of(t.text()), ts.loc(t)));
      } else if (ts.atAdjacent(TokenType.LBRACK)) {
        ts.next();
        path.add(exprs.termIn(false));
        ts.expect(TokenType.RBRACK, "]");
      } else {
        return path;
      }
    }
  }

  private static Term.Ref dataRef(List<Term> path, Location loc) {
    return new Term.Ref(new Term.Var("data", loc), List.copyOf(path), loc);
  }

  private Rule rule(Term.Ref pkg) {
    Location loc = ts.loc();
    boolean isDefault = false;
    if (ts.atIdent("default") && !ts.atAdjacent(TokenType.DOT) && !ts.peek(1).is(TokenType.DOT)
        && !(ts.peek(1).is(TokenType.LBRACK) && !ts.peek(1).spaceBefore())) {
      ts.next();
      isDefault = true;
    }
    Token first = ts.peek();
    List<Term> head = headRef();
    if (head.size() == 1 && ExprParser.KEYWORDS.contains(first.text())) {
      throw new ParseException("unexpected " + first.text() + " keyword: expected rule", first.line(), first.col());
    }
    List<Term> path = new ArrayList<>(pkg.path());
    path.addAll(head);
    Term.Ref ref = dataRef(path, loc);
    List<Term> args = null;
    if (ts.atAdjacent(TokenType.LPAREN)) {
      ts.next();
      args = new ArrayList<>();
      while (!ts.at(TokenType.RPAREN)) {
        args.add(exprs.termIn(false));
        if (!ts.accept(TokenType.COMMA)) {
          break;
        }
      }
      ts.expect(TokenType.RPAREN, ")");
      args = List.copyOf(args);
    }
    Term key = null;
    if (exprs.atKeyword("contains")) {
      ts.next();
      key = exprs.termIn(false);
    }
    Term value = null;
    if (ts.at(TokenType.ASSIGN) || ts.at(TokenType.UNIFY)) {
      ts.next();
      value = exprs.termIn(false);
    }
    if (isDefault) {
      if (value == null) {
        throw new ParseException("default rules must have a value assigned", loc.line(), loc.col());
      }
      Rule.Kind kind = args != null ? Rule.Kind.FUNCTION : Rule.Kind.SINGLE;
      return new Rule(kind, ref, args, null, value, true, trueBody(loc), null, loc);
    }
    Body body = ruleBody(loc);
    Rule elseRule = elseChain(loc);
    Rule.Kind kind = args != null ? Rule.Kind.FUNCTION : key != null ? Rule.Kind.MULTI : Rule.Kind.SINGLE;
    if (key != null && value != null) {
      throw new ParseException("multi-value rules cannot have a value", loc.line(), loc.col());
    }
    return new Rule(kind, ref, args, key, value, false, body, elseRule, loc);
  }

  private Body ruleBody(Location loc) {
    if (exprs.atKeyword("if")) {
      ts.next();
      if (ts.at(TokenType.LBRACE) && !looksLikeObjectOrSet()) {
        return braceBody();
      }
      Expr e = exprs.literal();
      return new Body(List.of(e), e.loc());
    }
    if (ts.at(TokenType.LBRACE)) {
      return braceBody();
    }
    return trueBody(loc);
  }

  /** After `if`, `{` starts a body unless the braces hold an object/set literal used as an expression. */
  private boolean looksLikeObjectOrSet() {
    return false;
  }

  private Body braceBody() {
    ts.expect(TokenType.LBRACE, "{");
    Body b = exprs.body(TokenType.RBRACE);
    ts.expect(TokenType.RBRACE, "}");
    return b;
  }

  private Rule elseChain(Location ruleLoc) {
    if (!exprs.atKeyword("else")) {
      return null;
    }
    Location loc = ts.loc();
    ts.next();
    Term value = null;
    if (ts.at(TokenType.ASSIGN) || ts.at(TokenType.UNIFY)) {
      ts.next();
      value = exprs.termIn(false);
    }
    Body body = ruleBody(loc);
    Rule next = elseChain(ruleLoc);
    return new Rule(Rule.Kind.SINGLE, null, null, null, value, false, body, next, loc);
  }

  private static Body trueBody(Location loc) {
    Term t = new Term.Scalar(BooleanValue.TRUE, loc);
    return new Body(List.of(new Expr(false, new Expr.TermExpr(t), List.of(), loc)), loc);
  }
}
