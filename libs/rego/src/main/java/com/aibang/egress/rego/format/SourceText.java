package com.aibang.egress.rego.format;

import com.aibang.egress.rego.ast.Location;
import com.aibang.egress.rego.lexer.Lexer;
import com.aibang.egress.rego.lexer.Token;
import com.aibang.egress.rego.lexer.TokenType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The original text of a parsed module, indexed by token position: what the AST does not keep
 * (raw string/number spelling, `:=` versus `=`, where brackets close, blank lines, comments).
 */
final class SourceText {
  private final String src;
  private final int[] lineOffsets;
  private final List<Token> tokens;
  private final Map<Long, Integer> tokenAt = new HashMap<>();
  private final int[] matching;
  private final List<Lexer.Comment> comments;

  SourceText(String src) {
    this.src = src;
    Lexer lexer = new Lexer(src);
    this.tokens = lexer.all();
    this.comments = List.copyOf(lexer.comments());
    List<Integer> offsets = new ArrayList<>();
    offsets.add(0);
    for (int i = 0; i < src.length(); i++) {
      if (src.charAt(i) == '\n') {
        offsets.add(i + 1);
      }
    }
    this.lineOffsets = offsets.stream().mapToInt(Integer::intValue).toArray();
    this.matching = new int[tokens.size()];
    Deque<Integer> open = new ArrayDeque<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      tokenAt.put(key(t.line(), t.col()), i);
      matching[i] = -1;
      if (t.is(TokenType.LBRACE) || t.is(TokenType.LBRACK) || t.is(TokenType.LPAREN)) {
        open.push(i);
      } else if ((t.is(TokenType.RBRACE) || t.is(TokenType.RBRACK) || t.is(TokenType.RPAREN)) && !open.isEmpty()) {
        int o = open.pop();
        matching[o] = i;
        matching[i] = o;
      }
    }
  }

  List<Lexer.Comment> comments() { return comments; }

  private static long key(int line, int col) { return ((long) line << 32) | (col & 0xffffffffL); }

  /** Index of the token starting at loc, or -1 (synthetic locations). */
  int tokenIndex(Location loc) {
    Integer i = loc == null ? null : tokenAt.get(key(loc.line(), loc.col()));
    return i == null ? -1 : i;
  }

  Token token(int index) { return index >= 0 && index < tokens.size() ? tokens.get(index) : null; }

  /** The token right before the one at loc, or null. */
  Token tokenBefore(Location loc) {
    int i = tokenIndex(loc);
    return i > 0 ? tokens.get(i - 1) : null;
  }

  /** Line of the bracket matching the bracket token at index, or -1. */
  int matchingLine(int index) {
    if (index < 0 || index >= matching.length || matching[index] < 0) {
      return -1;
    }
    return tokens.get(matching[index]).line();
  }

  /** First token of the given type at or after index, or -1. */
  int firstFrom(int index, TokenType type) {
    for (int i = Math.max(index, 0); i < tokens.size(); i++) {
      if (tokens.get(i).is(type)) {
        return i;
      }
    }
    return -1;
  }

  /** The operator written before the token at loc (skipping opening parentheses): ":=" or "=", else null. */
  String assignmentBefore(Location loc) {
    int i = tokenIndex(loc) - 1;
    while (i >= 0 && tokens.get(i).is(TokenType.LPAREN)) {
      i--;
    }
    if (i < 0) {
      return null;
    }
    Token t = tokens.get(i);
    return t.is(TokenType.ASSIGN) ? ":=" : t.is(TokenType.UNIFY) ? "=" : null;
  }

  /** True when some line strictly between the two lines is empty or whitespace only. */
  boolean blankLineBetween(int fromLine, int toLine) {
    for (int l = fromLine + 1; l < toLine && l <= lineOffsets.length; l++) {
      if (lineText(l).isBlank()) {
        return true;
      }
    }
    return false;
  }

  private String lineText(int line) {
    int start = lineOffsets[line - 1];
    int end = line < lineOffsets.length ? lineOffsets[line] - 1 : src.length();
    return src.substring(start, Math.max(start, end));
  }

  private int offset(Location loc) {
    if (loc == null || loc.line() < 1 || loc.line() > lineOffsets.length) {
      return -1;
    }
    int off = lineOffsets[loc.line() - 1] + loc.col() - 1;
    return off < src.length() ? off : -1;
  }

  /** The character at loc, or 0 when loc is not in the text. */
  char charAt(Location loc) {
    int off = offset(loc);
    return off < 0 ? 0 : src.charAt(off);
  }

  /**
   * The literal as written at loc: a "string", `raw string`, (negative) number or $"template", or null
   * when no such literal starts there (synthetic terms, identifiers).
   */
  String rawLiteral(Location loc) {
    int start = offset(loc);
    if (start < 0) {
      return null;
    }
    int end = RawLiteralScanner.end(src, start);
    return end < 0 ? null : src.substring(start, end);
  }
}
