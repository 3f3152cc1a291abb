package com.aibang.egress.rego.builtins;

/** RE2 escapes and bracket expressions, translated to java.util.regex text that is literal-safe. */
final class Re2Escapes {
  private Re2Escapes() {}

  /** At a backslash: returns a Java class for \d \w \s \p{..} and friends, or null (cur.pos unchanged). */
  static String parseClassEscape(Re2Cursor cur) {
    if (cur.pos + 1 >= cur.src.length()) {
      return null;
    }
    char c = cur.src.charAt(cur.pos + 1);
    String ascii = switch (c) {
      case 'd' -> "[0-9]";
      case 'D' -> "[^0-9]";
      case 'w' -> "[0-9A-Za-z_]";
      case 'W' -> "[^0-9A-Za-z_]";
      case 's' -> "[\\t\\n\\f\\r ]";
      case 'S' -> "[^\\t\\n\\f\\r ]";
      default -> null;
    };
    if (ascii != null) {
      cur.pos += 2;
      return ascii;
    }
    if (c == 'p' || c == 'P') {
      return parseUnicodeClass(cur);
    }
    return null;
  }

  private static String parseUnicodeClass(Re2Cursor cur) {
    int start = cur.pos;
    boolean negated = cur.src.charAt(cur.pos + 1) == 'P';
    cur.pos += 2;
    if (!cur.more()) {
      throw new Re2SyntaxException("invalid character class range: `" + cur.src.substring(start) + "`");
    }
    String name;
    if (cur.peek() == '{') {
      int end = cur.src.indexOf('}', cur.pos);
      if (end < 0) {
        throw new Re2SyntaxException("invalid character class range: `" + cur.src.substring(start) + "`");
      }
      name = cur.src.substring(cur.pos + 1, end);
      cur.pos = end + 1;
    } else {
      int cp = cur.peek();
      name = new String(Character.toChars(cp));
      cur.pos += Character.charCount(cp);
    }
    if (name.startsWith("^")) {
      negated = !negated;
      name = name.substring(1);
    }
    if (name.equals("Any")) {
      return negated ? "[^\\x{0}-\\x{10FFFF}]" : "[\\x{0}-\\x{10FFFF}]";
    }
    String javaName = UnicodeClassNames.javaName(name);
    if (javaName == null) {
      throw new Re2SyntaxException("invalid character class range: `" + cur.src.substring(start, cur.pos) + "`");
    }
    return (negated ? "\\P{" : "\\p{") + javaName + "}";
  }

  /** At a backslash: parses an escape denoting one code point, per Go's rules. */
  static int parseSingleCharEscape(Re2Cursor cur) {
    int start = cur.pos;
    cur.pos++;
    int c = cur.peek();
    cur.pos += Character.charCount(c);
    switch (c) {
      case 'a': return 7;
      case 'f': return '\f';
      case 't': return '\t';
      case 'n': return '\n';
      case 'r': return '\r';
      case 'v': return 0x0B;
      case 'x': return parseHexEscape(cur, start);
      case '0', '1', '2', '3', '4', '5', '6', '7': {
        // A lone non-zero digit is a backreference, which RE2 does not support.
        if (c != '0' && (!cur.more() || cur.peek() < '0' || cur.peek() > '7')) {
          break;
        }
        int value = c - '0';
        for (int i = 1; i < 3 && cur.more() && cur.peek() >= '0' && cur.peek() <= '7'; i++) {
          value = value * 8 + (cur.peek() - '0');
          cur.pos++;
        }
        return value;
      }
      default:
        if (c < 128 && !Character.isLetterOrDigit(c)) {
          return c;
        }
    }
    throw new Re2SyntaxException("invalid escape sequence: `" + cur.src.substring(start, cur.pos) + "`");
  }

  private static int parseHexEscape(Re2Cursor cur, int start) {
    if (!cur.more()) {
      throw new Re2SyntaxException("invalid escape sequence: `" + cur.src.substring(start) + "`");
    }
    String hex;
    if (cur.peek() == '{') {
      int end = cur.src.indexOf('}', cur.pos);
      if (end < 0) {
        throw new Re2SyntaxException("invalid escape sequence: `" + cur.src.substring(start) + "`");
      }
      hex = cur.src.substring(cur.pos + 1, end);
      cur.pos = end + 1;
    } else {
      hex = cur.src.substring(cur.pos, Math.min(cur.pos + 2, cur.src.length()));
      cur.pos += hex.length();
      if (hex.length() < 2) {
        throw new Re2SyntaxException("invalid escape sequence: `" + cur.src.substring(start, cur.pos) + "`");
      }
    }
    try {
      int v = Integer.parseInt(hex, 16);
      if (hex.isEmpty() || v > Character.MAX_CODE_POINT || hex.startsWith("+") || hex.startsWith("-")) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new Re2SyntaxException("invalid escape sequence: `" + cur.src.substring(start, cur.pos) + "`");
    }
  }

  /** Parses a bracket expression at '[' and returns an equivalent Java class. */
  static String parseClass(Re2Cursor cur) {
    int start = cur.pos;
    cur.pos++;
    StringBuilder cls = new StringBuilder("[");
    if (cur.more() && cur.peek() == '^') {
      cur.pos++;
      cls.append('^');
    }
    boolean first = true;
    boolean empty = true;
    while (true) {
      if (!cur.more()) {
        throw new Re2SyntaxException("missing closing ]: `" + cur.src.substring(start) + "`");
      }
      int c = cur.peek();
      if (c == ']' && !first) {
        cur.pos++;
        break;
      }
      first = false;
      if (c == '[' && cur.lookingAt("[:")) {
        int end = cur.src.indexOf(":]", cur.pos + 2);
        if (end >= 0) {
          String posix = PosixClasses.javaClassBody(cur.src.substring(cur.pos + 2, end));
          if (posix == null) {
            throw new Re2SyntaxException("invalid character class range: `" + cur.src.substring(cur.pos, end + 2) + "`");
          }
          cls.append(posix);
          cur.pos = end + 2;
          empty = false;
          continue;
        }
      }
      if (c == '\\') {
        String esc = parseClassEscape(cur);
        if (esc != null) {
          cls.append(esc);
          empty = false;
          continue;
        }
      }
      int lo = classChar(cur);
      int hi = lo;
      if (cur.more() && cur.peek() == '-' && cur.pos + 1 < cur.src.length() && cur.src.charAt(cur.pos + 1) != ']') {
        int rangeStart = cur.pos;
        cur.pos++;
        hi = classChar(cur);
        if (hi < lo) {
          throw new Re2SyntaxException("invalid character class range: `" + cur.src.substring(rangeStart - new String(Character.toChars(lo)).length(), cur.pos) + "`");
        }
      }
      cls.append(literal(lo));
      if (hi != lo) {
        cls.append('-').append(literal(hi));
      }
      empty = false;
    }
    if (empty) {
      throw new Re2SyntaxException("missing closing ]: `" + cur.src.substring(start) + "`");
    }
    return cls.append(']').toString();
  }

  private static int classChar(Re2Cursor cur) {
    int c = cur.peek();
    if (c == '\\') {
      if (cur.pos + 1 < cur.src.length() && "dDwWsSpP".indexOf(cur.src.charAt(cur.pos + 1)) >= 0) {
        throw new Re2SyntaxException("invalid character class range: `" + cur.src.substring(cur.pos, cur.pos + 2) + "`");
      }
      return parseSingleCharEscape(cur);
    }
    cur.pos += Character.charCount(c);
    return c;
  }

  /** A code point as Java pattern text that is literal in every context (classes included). */
  static String literal(int cp) {
    if (cp < 128 && Character.isLetterOrDigit(cp)) {
      return String.valueOf((char) cp);
    }
    return "\\x{" + Integer.toHexString(cp) + "}";
  }
}
