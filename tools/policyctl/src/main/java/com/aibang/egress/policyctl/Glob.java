package com.aibang.egress.policyctl;

import java.util.regex.Pattern;

/** A shell-style pattern (`*` any run of characters, `?` one character, all else literal). */
final class Glob {
  private final String text;
  private final Pattern pattern;
  private final boolean literal;

  private Glob(String glob, boolean ignoreCase) {
    this.text = glob;
    StringBuilder regex = new StringBuilder();
    StringBuilder run = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        regex.append(Pattern.quote(run.toString())).append(c == '*' ? ".*" : ".");
        run.setLength(0);
      } else {
        run.append(c);
      }
    }
    regex.append(Pattern.quote(run.toString()));
    this.pattern = Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    this.literal = glob.indexOf('*') < 0 && glob.indexOf('?') < 0;
  }

  static Glob of(String glob) { return new Glob(glob, false); }

  static Glob ignoringCase(String glob) { return new Glob(glob, true); }

  /** Whether the text matches as a whole; null never matches. */
  boolean matches(String text) { return text != null && pattern.matcher(text).matches(); }

  /** No wildcard: the pattern is one exact value (the service can filter on it). */
  boolean literal() { return literal; }

  /** The pattern as given. */
  String text() { return text; }
}
