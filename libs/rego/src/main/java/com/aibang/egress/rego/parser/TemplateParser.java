package com.aibang.egress.rego.parser;

import com.aibang.egress.rego.ast.Expr;
import com.aibang.egress.rego.ast.Location;
import com.aibang.egress.rego.ast.Term;
import com.aibang.egress.rego.lexer.Lexer;
import com.aibang.egress.rego.lexer.LexerException;
import com.aibang.egress.rego.lexer.Token;
import com.aibang.egress.rego.lexer.TokenType;
import java.util.ArrayList;
import java.util.List;

/** Splits a template string token ($"a {x} b") into literal parts and parsed expressions. */
final class TemplateParser {
  private TemplateParser() {}

  static Term parse(Token token, Location loc, WildcardNamer wildcards) {
    boolean raw = token.is(TokenType.RAW_TEMPLATE);
    String text = token.text();
    List<String> parts = new ArrayList<>();
    List<Expr> exprs = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && !raw) {
        i = unescape(text, i, lit, loc);
      } else if (c == '{') {
        int end = matchingBrace(text, i + 1, loc);
        parts.add(lit.toString());
        lit.setLength(0);
        exprs.add(expression(text.substring(i + 1, end), loc, wildcards));
        i = end + 1;
      } else {
        lit.append(c);
        i++;
      }
    }
    parts.add(lit.toString());
    return new Term.Template(List.copyOf(parts), List.copyOf(exprs), loc);
  }

  private static Expr expression(String src, Location loc, WildcardNamer wildcards) {
    List<Token> tokens;
    try {
      tokens = Lexer.tokenize(src);
    } catch (LexerException e) {
      throw new ParseException(e.getMessage(), loc.line(), loc.col());
    }
    TokenStream ts = new TokenStream(tokens, loc.file());
    LiteralParser p = new LiteralParser(ts, wildcards);
    if (ts.at(TokenType.EOF)) {
      throw new ParseException("empty template expression", loc.line(), loc.col());
    }
    Expr e = p.literal();
    if (!ts.at(TokenType.EOF)) {
      throw new ParseException("unexpected " + ts.peek().describe() + " token in template expression", loc.line(),
          loc.col());
    }
    return e;
  }

  private static int unescape(String text, int i, StringBuilder out, Location loc) {
    if (i + 1 >= text.length()) {
      throw new ParseException("invalid escape in template string", loc.line(), loc.col());
    }
    char e = text.charAt(i + 1);
    switch (e) {
      case '{' -> out.append('{');
      case '"' -> out.append('"');
      case '\\' -> out.append('\\');
      case '/' -> out.append('/');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'u' -> {
        if (i + 6 > text.length()) {
          throw new ParseException("invalid unicode escape", loc.line(), loc.col());
        }
        out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
        return i + 6;
      }
      default -> throw new ParseException("invalid escape \\" + e + " in template string", loc.line(), loc.col());
    }
    return i + 2;
  }

  /** Index of the '}' closing an expression starting at i, skipping strings and nested templates. */
  private static int matchingBrace(String text, int i, Location loc) {
    int depth = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"' || c == '`') {
        boolean nested = i > 0 && text.charAt(i - 1) == '$';
        i = nested ? skipTemplate(text, i + 1, c, loc) : skipString(text, i + 1, c, loc);
        continue;
      }
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
      i++;
    }
    throw new ParseException("unterminated template expression", loc.line(), loc.col());
  }

  private static int skipString(String text, int i, char quote, Location loc) {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && quote == '"') {
        i += 2;
        continue;
      }
      if (c == quote) {
        return i + 1;
      }
      i++;
    }
    throw new ParseException("unterminated string in template expression", loc.line(), loc.col());
  }

  private static int skipTemplate(String text, int i, char quote, Location loc) {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && quote == '"') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else if (c == '{') {
        i = matchingBrace(text, i + 1, loc) + 1;
      } else {
        i++;
      }
    }
    throw new ParseException("unterminated template string", loc.line(), loc.col());
  }
}
