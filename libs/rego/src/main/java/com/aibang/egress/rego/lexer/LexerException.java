package com.aibang.egress.rego.lexer;

/** A lexical error at a position. */
public class LexerException extends RuntimeException {
  private final int line;
  private final int col;

  public LexerException(String message, int line, int col) {
    super(message);
    this.line = line;
    this.col = col;
  }

  public int line() { return line; }

  public int col() { return col; }
}
