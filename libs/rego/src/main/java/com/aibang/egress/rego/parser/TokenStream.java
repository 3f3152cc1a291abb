package com.aibang.egress.rego.parser;

import com.aibang.egress.rego.ast.Location;
import com.aibang.egress.rego.lexer.Token;
import com.aibang.egress.rego.lexer.TokenType;
import java.util.List;

/** Cursor over tokens with backtracking marks and positioned errors. */
final class TokenStream {
  private final List<Token> tokens;
  private final String file;
  private int pos;

  TokenStream(List<Token> tokens, String file) {
    this.tokens = tokens;
    this.file = file;
  }

  Token peek() { return tokens.get(pos); }

  Token peek(int ahead) { return tokens.get(Math.min(pos + ahead, tokens.size() - 1)); }

  Token next() {
    Token t = tokens.get(pos);
    if (pos < tokens.size() - 1) {
      pos++;
    }
    return t;
  }

  boolean at(TokenType t) { return peek().is(t); }

  boolean atIdent(String word) { return peek().isIdent(word); }

  /** True when the next token is t and directly follows the previous one (no whitespace). */
  boolean atAdjacent(TokenType t) { return at(t) && !peek().spaceBefore(); }

  boolean accept(TokenType t) {
    if (at(t)) {
      next();
      return true;
    }
    return false;
  }

  Token expect(TokenType t, String what) {
    if (!at(t)) {
      throw error("unexpected " + peek().describe() + " token: expected " + what);
    }
    return next();
  }

  int mark() { return pos; }

  void reset(int mark) { pos = mark; }

  Location loc() { return loc(peek()); }

  Location loc(Token t) { return new Location(file, t.line(), t.col()); }

  ParseException error(String message) {
    Token t = peek();
    return new ParseException(message, t.line(), t.col());
  }
}
