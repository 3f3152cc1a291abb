package com.aibang.egress.rego.builtins;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Maps Go's Unicode class names (\p{Greek}, \p{Lu}, \pL) to java.util.regex property names. */
final class UnicodeClassNames {
  private UnicodeClassNames() {}

  /** Java property name for the Go name, or null when Go would not know it either. */
  static String javaName(String goName) {
    if (goName.isEmpty() || !goName.chars().allMatch(c -> c < 128 && (Character.isLetter(c) || c == '_'))) {
      return null;
    }
    // General categories are one or two letters (L, Lu, Nd ...); everything else is a script name.
    String candidate = goName.length() <= 2 ? goName : "Is" + goName;
    try {
      Pattern.compile("\\p{" + candidate + "}");
      return candidate;
    } catch (PatternSyntaxException e) {
      return null;
    }
  }
}
