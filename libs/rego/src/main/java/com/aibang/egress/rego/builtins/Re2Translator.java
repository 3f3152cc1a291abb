package com.aibang.egress.rego.builtins;

import java.util.HashMap;
import java.util.Map;

/**
 * Translates Go RE2 syntax into an equivalent java.util.regex pattern text.
 *
 * <p>Why a translator rather than passing the pattern through: the two dialects accept
 * different patterns (Java has backreferences, lookaround, possessive quantifiers, class
 * intersections; Go has {@code (?P<name>)}, {@code \v} as a character, POSIX classes) and
 * give different meanings to the same text ({@code $} before a final newline, {@code \s},
 * {@code \b}, {@code (?U)}). Everything RE2 rejects is rejected here with Go's wording;
 * everything accepted is re-emitted in a form whose meaning does not depend on Java flags.
 */
final class Re2Translator {
  private static final int MAX_REPEAT = 1000;
  private static final String WORD = "[0-9A-Za-z_]";

  private final Re2Cursor cur;
  private final StringBuilder out = new StringBuilder();
  private final Map<String, Integer> groupNames = new HashMap<>();
  private int groups;

  private Re2Translator(String src) { this.cur = new Re2Cursor(src); }

  /** Result of a translation: Java pattern text, Go's capture group count and group names. */
  record Translation(String javaPattern, int groupCount, Map<String, Integer> groupNames) {}

  static Translation translate(String re2) {
    Re2Translator t = new Re2Translator(re2);
    t.parseAlternation(new Flags(false, false, false, false), 0);
    if (t.cur.pos < t.cur.src.length()) {
      // Only an unmatched ')' stops the top level early.
      throw new Re2SyntaxException("unexpected ): `" + re2 + "`");
    }
    return new Translation(t.out.toString(), t.groups, Map.copyOf(t.groupNames));
  }

  /** Go's flag set: i (fold case), m (multi-line), s (dot matches \n), U (ungreedy). */
  private record Flags(boolean foldCase, boolean multiLine, boolean dotNl, boolean ungreedy) {}

  /** Parses alternatives until ')' or end; flags set by (?x) last until the enclosing group ends. */
  private Flags parseAlternation(Flags flags, int depth) {
    Flags current = flags;
    while (true) {
      current = parseConcatenation(current, depth);
      if (cur.more() && cur.peek() == '|') {
        cur.pos++;
        out.append('|');
        continue;
      }
      return current;
    }
  }

  private Flags parseConcatenation(Flags flags, int depth) {
    Flags current = flags;
    while (cur.more()) {
      int c = cur.peek();
      if (c == '|' || c == ')') {
        if (c == ')' && depth == 0) {
          throw new Re2SyntaxException("unexpected ): `" + cur.src + "`");
        }
        return current;
      }
      if (c == '*' || c == '+' || c == '?' || (c == '{' && repeatAhead() != null)) {
        throw new Re2SyntaxException("missing argument to repetition operator: `" + quantifierText() + "`");
      }
      int atomStart = out.length();
      Flags after = parseAtom(current, depth);
      if (after != null) {
        // A bare flag group such as (?i) changes flags and emits nothing to repeat.
        current = after;
        continue;
      }
      parseQuantifiers(current, atomStart);
    }
    return current;
  }

  private String quantifierText() {
    int[] rep = repeatAhead();
    if (rep != null) {
      return cur.src.substring(cur.pos, rep[2]);
    }
    return cur.src.substring(cur.pos, cur.pos + 1);
  }

  /** Parses '{n}', '{n,}', '{n,m}' at cur.pos without consuming; returns {min, max(-1=inf), endPos} or null. */
  private int[] repeatAhead() {
    int p = cur.pos;
    if (p >= cur.src.length() || cur.src.charAt(p) != '{') {
      return null;
    }
    p++;
    int start = p;
    while (p < cur.src.length() && Character.isDigit(cur.src.charAt(p)) && cur.src.charAt(p) < 128) {
      p++;
    }
    if (p == start) {
      return null;
    }
    int min = parseCount(cur.src.substring(start, p));
    int max = min;
    if (p < cur.src.length() && cur.src.charAt(p) == ',') {
      p++;
      int s2 = p;
      while (p < cur.src.length() && Character.isDigit(cur.src.charAt(p)) && cur.src.charAt(p) < 128) {
        p++;
      }
      max = p == s2 ? -1 : parseCount(cur.src.substring(s2, p));
    }
    if (p >= cur.src.length() || cur.src.charAt(p) != '}') {
      return null;
    }
    return new int[] {min, max, p + 1};
  }

  private static int parseCount(String digits) {
    if (digits.length() > 4) {
      return MAX_REPEAT + 1;
    }
    return Integer.parseInt(digits);
  }

  private void parseQuantifiers(Flags flags, int atomStart) {
    if (!cur.more()) {
      return;
    }
    int c = cur.peek();
    String op;
    int opStart = cur.pos;
    if (c == '*' || c == '+' || c == '?') {
      cur.pos++;
      op = String.valueOf((char) c);
    } else if (c == '{' && repeatAhead() != null) {
      int[] rep = repeatAhead();
      if (rep[0] > MAX_REPEAT || rep[1] > MAX_REPEAT || (rep[1] >= 0 && rep[1] < rep[0])) {
        throw new Re2SyntaxException("invalid repeat count: `" + cur.src.substring(cur.pos, rep[2]) + "`");
      }
      op = rep[1] < 0 ? "{" + rep[0] + ",}" : "{" + rep[0] + "," + rep[1] + "}";
      cur.pos = rep[2];
    } else {
      return;
    }
    boolean lazy = false;
    if (cur.more() && cur.peek() == '?') {
      cur.pos++;
      lazy = true;
    }
    if (flags.ungreedy()) {
      lazy = !lazy;
    }
    if (cur.more() && (cur.peek() == '*' || cur.peek() == '+' || cur.peek() == '?' || (cur.peek() == '{' && repeatAhead() != null))) {
      int end = cur.peek() == '{' ? repeatAhead()[2] : cur.pos + 1;
      throw new Re2SyntaxException("invalid nested repetition operator: `" + cur.src.substring(opStart, end) + "`");
    }
    out.insert(atomStart, "(?:");
    out.append(')').append(op);
    if (lazy) {
      out.append('?');
    }
  }

  /** Emits one atom; returns new flags when the atom was a bare flag group, else null. */
  private Flags parseAtom(Flags flags, int depth) {
    int c = cur.peek();
    switch (c) {
      case '(':
        return parseGroup(flags, depth);
      case '[':
        emitWithCase(Re2Escapes.parseClass(cur), flags);
        return null;
      case '.':
        cur.pos++;
        out.append(flags.dotNl() ? "[\\x{0}-\\x{10FFFF}]" : "[^\\n]");
        return null;
      case '^':
        cur.pos++;
        out.append(flags.multiLine() ? "(?<![^\\n])" : "\\A");
        return null;
      case '$':
        cur.pos++;
        out.append(flags.multiLine() ? "(?![^\\n])" : "\\z");
        return null;
      case '\\':
        parseEscapeAtom(flags);
        return null;
      default:
        cur.pos += Character.charCount(c);
        emitWithCase(Re2Escapes.literal(c), flags);
        return null;
    }
  }

  private Flags parseGroup(Flags flags, int depth) {
    int groupStart = cur.pos;
    cur.pos++;
    if (cur.lookingAt("?P<") || cur.lookingAt("?<")) {
      cur.pos += cur.lookingAt("?P<") ? 3 : 2;
      int end = cur.src.indexOf('>', cur.pos);
      if (end < 0) {
        throw new Re2SyntaxException("invalid named capture: `" + cur.src.substring(groupStart) + "`");
      }
      String name = cur.src.substring(cur.pos, end);
      if (name.isEmpty() || !name.chars().allMatch(ch -> ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_'))) {
        throw new Re2SyntaxException("invalid named capture: `" + cur.src.substring(groupStart, end + 1) + "`");
      }
      if (groupNames.putIfAbsent(name, groups + 1) != null) {
        throw new Re2SyntaxException("duplicate capture group name: `" + cur.src.substring(groupStart, end + 1) + "`");
      }
      cur.pos = end + 1;
      return capturingGroupBody(flags, depth, groupStart);
    }
    if (cur.lookingAt("?")) {
      return parseFlagGroup(flags, depth, groupStart);
    }
    return capturingGroupBody(flags, depth, groupStart);
  }

  private Flags capturingGroupBody(Flags flags, int depth, int groupStart) {
    groups++;
    out.append('(');
    parseAlternation(flags, depth + 1);
    closeGroup(groupStart);
    return null;
  }

  private void closeGroup(int groupStart) {
    if (!cur.more() || cur.peek() != ')') {
      throw new Re2SyntaxException("missing closing ): `" + cur.src.substring(groupStart) + "`");
    }
    cur.pos++;
    out.append(')');
  }

  /** (?flags) or (?flags:re); anything else after '(?' (lookaround, atomic, comments) is invalid in RE2. */
  private Flags parseFlagGroup(Flags flags, int depth, int groupStart) {
    cur.pos++;
    boolean fold = flags.foldCase();
    boolean multi = flags.multiLine();
    boolean dot = flags.dotNl();
    boolean ungreedy = flags.ungreedy();
    boolean negate = false;
    boolean sawFlag = false;
    while (cur.more()) {
      int c = cur.peek();
      cur.pos++;
      switch (c) {
        case 'i' -> { fold = !negate; sawFlag = true; }
        case 'm' -> { multi = !negate; sawFlag = true; }
        case 's' -> { dot = !negate; sawFlag = true; }
        case 'U' -> { ungreedy = !negate; sawFlag = true; }
        case '-' -> {
          if (negate) {
            throw invalidPerlOp(groupStart);
          }
          negate = true;
          sawFlag = false;
        }
        case ')', ':' -> {
          if ((negate && !sawFlag) || (!sawFlag && !negate && c == ')')) {
            throw invalidPerlOp(groupStart);
          }
          Flags next = new Flags(fold, multi, dot, ungreedy);
          if (c == ')') {
            return next;
          }
          out.append("(?:");
          parseAlternation(next, depth + 1);
          closeGroup(groupStart);
          return null;
        }
        default -> throw invalidPerlOp(groupStart);
      }
    }
    throw new Re2SyntaxException("missing closing ): `" + cur.src.substring(groupStart) + "`");
  }

  private Re2SyntaxException invalidPerlOp(int groupStart) {
    return new Re2SyntaxException("invalid or unsupported Perl syntax: `" + cur.src.substring(groupStart, Math.min(cur.pos, cur.src.length())) + "`");
  }

  private void parseEscapeAtom(Flags flags) {
    int start = cur.pos;
    cur.pos++;
    if (!cur.more()) {
      throw new Re2SyntaxException("trailing backslash at end of expression: ``");
    }
    int c = cur.peek();
    switch (c) {
      case 'A' -> { cur.pos++; out.append("\\A"); }
      case 'z' -> { cur.pos++; out.append("\\z"); }
      case 'b' -> { cur.pos++; out.append("(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))"); }
      case 'B' -> { cur.pos++; out.append("(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))"); }
      case 'Q' -> {
        cur.pos++;
        int end = cur.src.indexOf("\\E", cur.pos);
        String lit = end < 0 ? cur.src.substring(cur.pos) : cur.src.substring(cur.pos, end);
        cur.pos = end < 0 ? cur.src.length() : end + 2;
        StringBuilder sb = new StringBuilder();
        lit.codePoints().forEach(cp -> sb.append(Re2Escapes.literal(cp)));
        if (!lit.isEmpty()) {
          emitWithCase("(?:" + sb + ")", flags);
        }
      }
      default -> {
        cur.pos = start;
        String cls = Re2Escapes.parseClassEscape(cur);
        if (cls != null) {
          emitWithCase(cls, flags);
        } else {
          emitWithCase(Re2Escapes.literal(Re2Escapes.parseSingleCharEscape(cur)), flags);
        }
      }
    }
  }


  private void emitWithCase(String atom, Flags flags) {
    if (flags.foldCase()) {
      out.append("(?iu:").append(atom).append(')');
    } else {
      out.append(atom);
    }
  }

}
