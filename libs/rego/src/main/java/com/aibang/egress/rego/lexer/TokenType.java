package com.aibang.egress.rego.lexer;

/** Kinds of Rego tokens. Keywords are IDENT tokens; the parser interprets them by context. */
public enum TokenType {
  IDENT, NUMBER, STRING, RAW_STRING, TEMPLATE, RAW_TEMPLATE,
  LBRACE, RBRACE, LBRACK, RBRACK, LPAREN, RPAREN,
  DOT, COMMA, SEMICOLON, COLON, ASSIGN, UNIFY, EQUAL, NEQ, LT, LTE, GT, GTE,
  PLUS, MINUS, STAR, SLASH, PERCENT, BAR, AMP, EOF
}
