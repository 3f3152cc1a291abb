package com.aibang.egress.rego.lexer;

/**
 * One token. text is the decoded value for strings, the source text otherwise. spaceBefore tells
 * whether whitespace or a comment preceded it (refs and calls must be adjacent: {@code a[1]}, {@code f(x)}).
 */
public record Token(TokenType type, String text, int line, int col, boolean spaceBefore, boolean newlineBefore) {

  public boolean is(TokenType t) { return type == t; }

  public boolean isIdent(String word) { return type == TokenType.IDENT && text.equals(word); }

  /** Readable form for error messages, like OPA's "unexpected } token". */
  public String describe() {
    return switch (type) {
      case EOF -> "eof";
      case IDENT -> "ident";
      case STRING, RAW_STRING -> "string";
      case NUMBER -> "number";
      default -> text;
    };
  }
}
