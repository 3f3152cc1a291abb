package com.aibang.egress.rego.builtins;

import java.util.Map;

/** Go's ASCII POSIX bracket classes ([:alpha:] ...) as Java class bodies. */
final class PosixClasses {
  private static final Map<String, String> BODIES = Map.ofEntries(
      Map.entry("alnum", "0-9A-Za-z"),
      Map.entry("alpha", "A-Za-z"),
      Map.entry("ascii", "\\x{0}-\\x{7f}"),
      Map.entry("blank", "\\t "),
      Map.entry("cntrl", "\\x{0}-\\x{1f}\\x{7f}"),
      Map.entry("digit", "0-9"),
      Map.entry("graph", "\\x{21}-\\x{7e}"),
      Map.entry("lower", "a-z"),
      Map.entry("print", "\\x{20}-\\x{7e}"),
      Map.entry("punct", "\\x{21}-\\x{2f}\\x{3a}-\\x{40}\\x{5b}-\\x{60}\\x{7b}-\\x{7e}"),
      Map.entry("space", "\\t\\n\\x{b}\\f\\r "),
      Map.entry("upper", "A-Z"),
      Map.entry("word", "0-9A-Za-z_"),
      Map.entry("xdigit", "0-9A-Fa-f"));

  private PosixClasses() {}

  /** Body for use inside a Java class (negated form "^name" becomes a nested negated class); null if unknown. */
  static String javaClassBody(String name) {
    boolean negated = name.startsWith("^");
    String body = BODIES.get(negated ? name.substring(1) : name);
    if (body == null) {
      return null;
    }
    return negated ? "[^" + body + "]" : body;
  }
}
