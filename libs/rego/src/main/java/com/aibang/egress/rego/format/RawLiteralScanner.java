package com.aibang.egress.rego.format;

/** Finds where a string, raw string, number or template literal that the lexer accepted ends. */
final class RawLiteralScanner {
  private RawLiteralScanner() {}

  /** End offset (exclusive) of the literal starting at start, or -1 when none starts there. */
  static int end(String s, int start) {
    char c = s.charAt(start);
    if (c == '"') {
      return quoted(s, start + 1);
    }
    if (c == '`') {
      return raw(s, start + 1);
    }
    if (c == '$' && start + 1 < s.length() && (s.charAt(start + 1) == '"' || s.charAt(start + 1) == '`')) {
      return template(s, start + 2, s.charAt(start + 1));
    }
    if (c == '-' || Character.isDigit(c)) {
      return number(s, c == '-' ? start + 1 : start);
    }
    return -1;
  }

  private static int quoted(String s, int i) {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else {
        i++;
      }
    }
    return -1;
  }

  private static int raw(String s, int i) {
    int close = s.indexOf('`', i);
    return close < 0 ? -1 : close + 1;
  }

  /** Mirrors the lexer: quotes inside {expressions} belong to nested strings or templates. */
  private static int template(String s, int i, char quote) {
    int depth = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && quote == '"' && depth == 0) {
        i += 2;
        continue;
      }
      if (depth == 0 && c == quote) {
        return i + 1;
      }
      if (c == '{') {
        depth++;
      } else if (c == '}' && depth > 0) {
        depth--;
      } else if (depth > 0 && (c == '"' || c == '`')) {
        boolean nested = s.charAt(i - 1) == '$';
        int end = nested ? template(s, i + 1, c) : c == '"' ? quoted(s, i + 1) : raw(s, i + 1);
        if (end < 0) {
          return -1;
        }
        i = end;
        continue;
      }
      i++;
    }
    return -1;
  }

  private static int number(String s, int i) {
    int digits = i;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    if (i == digits) {
      return -1;
    }
    if (i + 1 < s.length() && s.charAt(i) == '.' && Character.isDigit(s.charAt(i + 1))) {
      i++;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
    }
    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      int save = i++;
      if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      if (i < s.length() && Character.isDigit(s.charAt(i))) {
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          i++;
        }
      } else {
        i = save;
      }
    }
    return i;
  }
}
