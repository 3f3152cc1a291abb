package com.aibang.egress.rego.parser;

/** A syntax error at a position (rendered as rego_parse_error). */
public class ParseException extends RuntimeException {
  private final int line;
  private final int col;

  public ParseException(String message, int line, int col) {
    super(message, null, false, false);
    this.line = line;
    this.col = col;
  }

  public int line() { return line; }

  public int col() { return col; }
}
