package com.aibang.egress.rego.lexer;

import java.util.ArrayList;
import java.util.List;

/** Splits Rego source into tokens, decoding string literals (JSON escapes) on the way. */
public final class Lexer {
  private final String src;
  private int pos;
  private int line = 1;
  private int lineStart;
  private final List<Comment> comments = new ArrayList<>();

  /** A comment: its line, its text after '#', and whether it is the only thing on its line. */
  public record Comment(int line, String text, boolean ownLine) {}

  public Lexer(String src) { this.src = src; }

  /** Comments seen so far (all of them after {@link #all()}). */
  public List<Comment> comments() { return comments; }

  public static List<Token> tokenize(String src) { return new Lexer(src).all(); }

  public List<Token> all() {
    List<Token> out = new ArrayList<>();
    while (true) {
      Token t = next();
      out.add(t);
      if (t.is(TokenType.EOF)) {
        return out;
      }
    }
  }

  private Token next() {
    boolean space = false;
    boolean newline = false;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        lineStart = pos;
        space = true;
        newline = true;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        pos++;
        space = true;
      } else if (c == '#') {
        int start = pos + 1;
        boolean ownLine = src.substring(lineStart, pos).isBlank();
        while (pos < src.length() && src.charAt(pos) != '\n') {
          pos++;
        }
        comments.add(new Comment(line, src.substring(start, pos).replace("\r", ""), ownLine));
        space = true;
      } else {
        break;
      }
    }
    int col = pos - lineStart + 1;
    int startLine = line;
    if (pos >= src.length()) {
      return new Token(TokenType.EOF, "", startLine, col, space, newline);
    }
    char c = src.charAt(pos);
    if (Character.isLetter(c) || c == '_') {
      int start = pos;
      while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
        pos++;
      }
      return new Token(TokenType.IDENT, src.substring(start, pos), startLine, col, space, newline);
    }
    if (Character.isDigit(c)) {
      return new Token(TokenType.NUMBER, number(), startLine, col, space, newline);
    }
    if (c == '"') {
      pos++;
      return new Token(TokenType.STRING, string(startLine, col, false), startLine, col, space, newline);
    }
    if (c == '`') {
      pos++;
      return new Token(TokenType.RAW_STRING, raw(startLine, col), startLine, col, space, newline);
    }
    if (c == '$' && pos + 1 < src.length() && (src.charAt(pos + 1) == '"' || src.charAt(pos + 1) == '`')) {
      boolean rawTemplate = src.charAt(pos + 1) == '`';
      pos += 2;
      String body = template(rawTemplate ? '`' : '"', startLine, col);
      return new Token(rawTemplate ? TokenType.RAW_TEMPLATE : TokenType.TEMPLATE, body, startLine, col, space,
          newline);
    }
    int opStart = pos++;
    TokenType t = switch (c) {
      case '{' -> TokenType.LBRACE;
      case '}' -> TokenType.RBRACE;
      case '[' -> TokenType.LBRACK;
      case ']' -> TokenType.RBRACK;
      case '(' -> TokenType.LPAREN;
      case ')' -> TokenType.RPAREN;
      case '.' -> TokenType.DOT;
      case ',' -> TokenType.COMMA;
      case ';' -> TokenType.SEMICOLON;
      case ':' -> match('=') ? TokenType.ASSIGN : TokenType.COLON;
      case '=' -> match('=') ? TokenType.EQUAL : TokenType.UNIFY;
      case '!' -> {
        if (!match('=')) {
          throw new LexerException("illegal ! character", startLine, col);
        }
        yield TokenType.NEQ;
      }
      case '<' -> match('=') ? TokenType.LTE : TokenType.LT;
      case '>' -> match('=') ? TokenType.GTE : TokenType.GT;
      case '+' -> TokenType.PLUS;
      case '-' -> TokenType.MINUS;
      case '*' -> TokenType.STAR;
      case '/' -> TokenType.SLASH;
      case '%' -> TokenType.PERCENT;
      case '|' -> TokenType.BAR;
      case '&' -> TokenType.AMP;
      default -> throw new LexerException("illegal token '" + c + "'", startLine, col);
    };
    return new Token(t, src.substring(opStart, pos), startLine, col, space, newline);
  }

  private boolean match(char c) {
    if (pos < src.length() && src.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private String number() {
    int start = pos;
    while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
      pos++;
    }
    if (pos + 1 < src.length() && src.charAt(pos) == '.' && Character.isDigit(src.charAt(pos + 1))) {
      pos++;
      while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        pos++;
      }
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int save = pos;
      pos++;
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
          pos++;
        }
      } else {
        pos = save;
      }
    }
    return src.substring(start, pos);
  }

  /** Decodes a double-quoted string; in templates, "\{" is kept escaped for the template parser. */
  private String string(int startLine, int col, boolean template) {
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= src.length() || src.charAt(pos) == '\n') {
        throw new LexerException("non-terminated string", startLine, col);
      }
      char c = src.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= src.length()) {
        throw new LexerException("non-terminated string", startLine, col);
      }
      char e = src.charAt(pos++);
      switch (e) {
        case '"' -> sb.append('"');
        case '\\' -> sb.append(template ? "\\\\" : "\\");
        case '/' -> sb.append('/');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > src.length()) {
            throw new LexerException("invalid unicode escape", startLine, col);
          }
          try {
            sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw new LexerException("invalid unicode escape", startLine, col);
          }
          pos += 4;
        }
        case '{' -> {
          if (!template) {
            throw new LexerException("illegal escape sequence \\{", startLine, col);
          }
          sb.append("\\{");
        }
        default -> throw new LexerException("illegal escape sequence \\" + e, line, pos - lineStart);
      }
    }
  }

  /** Undecoded template text up to the closing quote, skipping quotes inside {expressions}. */
  private String template(char quote, int startLine, int col) {
    int start = pos;
    int depth = 0;
    while (true) {
      if (pos >= src.length()) {
        throw new LexerException("non-terminated template string", startLine, col);
      }
      char c = src.charAt(pos);
      if (c == '\\' && quote == '"' && depth == 0) {
        pos += 2;
        continue;
      }
      if (c == '\n') {
        line++;
        lineStart = pos + 1;
      }
      if (depth == 0 && c == quote) {
        return src.substring(start, pos++);
      }
      if (c == '{') {
        depth++;
      } else if (c == '}' && depth > 0) {
        depth--;
      } else if (depth > 0 && (c == '"' || c == '`')) {
        boolean nested = pos > 0 && src.charAt(pos - 1) == '$';
        pos++;
        if (nested) {
          template(c, startLine, col);
        } else if (c == '"') {
          string(startLine, col, false);
        } else {
          raw(startLine, col);
        }
        continue;
      }
      pos++;
    }
  }

  private String raw(int startLine, int col) {
    int start = pos;
    while (pos < src.length() && src.charAt(pos) != '`') {
      if (src.charAt(pos) == '\n') {
        line++;
        lineStart = pos + 1;
      }
      pos++;
    }
    if (pos >= src.length()) {
      throw new LexerException("non-terminated raw string", startLine, col);
    }
    return src.substring(start, pos++);
  }
}
