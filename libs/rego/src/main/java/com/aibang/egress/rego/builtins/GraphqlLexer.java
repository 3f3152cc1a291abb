package com.aibang.egress.rego.builtins;

import java.util.ArrayList;
import java.util.List;

/** GraphQL tokens (spec section 2.1) with 1-based line/column positions; a lexing error becomes an Invalid token. */
final class GraphqlLexer {
  /** Token kinds; a punctuator's text is its value. */
  enum Kind { PUNCT, NAME, INT, FLOAT, STRING, BLOCK_STRING, EOF, INVALID }

  /** One token: kind, value (decoded for strings), position of its first character. */
  record Token(Kind kind, String value, int line, int column) {
    boolean is(String punct) { return kind == Kind.PUNCT && value.equals(punct); }

    boolean isName(String name) { return kind == Kind.NAME && value.equals(name); }

    /** How error messages show the token, as gqlparser does. */
    String describe() {
      return switch (kind) {
        case PUNCT -> value;
        case NAME -> "Name " + GoText.quote(value);
        case INT -> "Int " + GoText.quote(value);
        case FLOAT -> "Float " + GoText.quote(value);
        case STRING -> "String " + GoText.quote(value);
        case BLOCK_STRING -> "BlockString " + GoText.quote(value);
        case EOF -> "<EOF>";
        case INVALID -> "<Invalid>";
      };
    }
  }

  private final String src;
  private int pos;
  private int line = 1;
  private int lineStart;

  private GraphqlLexer(String src) { this.src = src; }

  static List<Token> tokens(String src) {
    GraphqlLexer lx = new GraphqlLexer(src);
    List<Token> out = new ArrayList<>();
    while (true) {
      Token t = lx.next();
      out.add(t);
      if (t.kind() == Kind.EOF || t.kind() == Kind.INVALID) {
        return out;
      }
    }
  }

  private int column() { return pos - lineStart + 1; }

  private void newline() {
    line++;
    lineStart = pos;
  }

  private void skipIgnored() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\n') {
        pos++;
        newline();
      } else if (c == '\r') {
        pos++;
        if (pos < src.length() && src.charAt(pos) == '\n') {
          pos++;
        }
        newline();
      } else if (c == ' ' || c == '\t' || c == ',' || c == '\ufeff') {
        pos++;
      } else if (c == '#') {
        while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private Token next() {
    skipIgnored();
    int l = line;
    int col = column();
    if (pos >= src.length()) {
      return new Token(Kind.EOF, "", l, col);
    }
    char c = src.charAt(pos);
    if ("!$&()[]{}:=@|".indexOf(c) >= 0) {
      pos++;
      return new Token(Kind.PUNCT, String.valueOf(c), l, col);
    }
    if (src.startsWith("...", pos)) {
      pos += 3;
      return new Token(Kind.PUNCT, "...", l, col);
    }
    if (c == '_' || Character.isLetter(c) && c < 128) {
      int start = pos;
      while (pos < src.length() && (src.charAt(pos) == '_' || (src.charAt(pos) < 128 && Character.isLetterOrDigit(src.charAt(pos))))) {
        pos++;
      }
      return new Token(Kind.NAME, src.substring(start, pos), l, col);
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number(l, col);
    }
    if (src.startsWith("\"\"\"", pos)) {
      return blockString(l, col);
    }
    if (c == '"') {
      return string(l, col);
    }
    return invalid();
  }

  private Token invalid() {
    return new Token(Kind.INVALID, "", line, column());
  }

  private Token number(int l, int col) {
    int start = pos;
    boolean isFloat = false;
    if (src.charAt(pos) == '-') {
      pos++;
    }
    int digits = pos;
    while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
      pos++;
    }
    if (pos == digits) {
      return invalid();
    }
    if (pos < src.length() && src.charAt(pos) == '.') {
      isFloat = true;
      pos++;
      int frac = pos;
      while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        pos++;
      }
      if (pos == frac) {
        return invalid();
      }
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      isFloat = true;
      pos++;
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        pos++;
      }
      int exp = pos;
      while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        pos++;
      }
      if (pos == exp) {
        return invalid();
      }
    }
    return new Token(isFloat ? Kind.FLOAT : Kind.INT, src.substring(start, pos), l, col);
  }

  private Token string(int l, int col) {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '"') {
        pos++;
        // gqlparser positions a string at its first character inside the quotes.
        return new Token(Kind.STRING, sb.toString(), l, col + 1);
      }
      if (c == '\n' || c == '\r') {
        return invalid();
      }
      if (c == '\\') {
        if (pos + 1 >= src.length()) {
          pos++;
          return invalid();
        }
        char e = src.charAt(pos + 1);
        pos += 2;
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (pos + 4 > src.length()) {
              return invalid();
            }
            try {
              sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              return invalid();
            }
            pos += 4;
          }
          default -> {
            return invalid();
          }
        }
        continue;
      }
      sb.append(c);
      pos++;
    }
    return invalid();
  }

  private Token blockString(int l, int col) {
    pos += 3;
    StringBuilder raw = new StringBuilder();
    while (pos < src.length()) {
      if (src.startsWith("\"\"\"", pos)) {
        pos += 3;
        return new Token(Kind.BLOCK_STRING, blockValue(raw.toString()), l, col + 3);
      }
      if (src.startsWith("\\\"\"\"", pos)) {
        raw.append("\"\"\"");
        pos += 4;
        continue;
      }
      char c = src.charAt(pos);
      raw.append(c);
      pos++;
      if (c == '\n' || (c == '\r' && !(pos < src.length() && src.charAt(pos) == '\n'))) {
        newline();
      }
    }
    return invalid();
  }

  /** Block string value: common indentation removed, blank first and last lines dropped (spec BlockStringValue). */
  static String blockValue(String raw) {
    String[] lines = raw.split("\r\n|\n|\r", -1);
    int common = Integer.MAX_VALUE;
    for (int i = 1; i < lines.length; i++) {
      String ln = lines[i];
      int indent = 0;
      while (indent < ln.length() && (ln.charAt(indent) == ' ' || ln.charAt(indent) == '\t')) {
        indent++;
      }
      if (indent < ln.length() && indent < common) {
        common = indent;
      }
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      out.add(i > 0 && common != Integer.MAX_VALUE && lines[i].length() >= common ? lines[i].substring(common) : lines[i]);
    }
    while (!out.isEmpty() && out.get(0).isBlank()) {
      out.remove(0);
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
      out.remove(out.size() - 1);
    }
    return String.join("\n", out);
  }
}
