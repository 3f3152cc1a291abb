package com.aibang.egress.rego.builtins;

/** Read position in an RE2 pattern, shared by the translator and the escape/class parser. */
final class Re2Cursor {
  final String src;
  int pos;

  Re2Cursor(String src) { this.src = src; }

  boolean more() { return pos < src.length(); }

  int peek() { return src.codePointAt(pos); }

  boolean lookingAt(String s) { return src.startsWith(s, pos); }
}
