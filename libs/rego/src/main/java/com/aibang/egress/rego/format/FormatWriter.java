package com.aibang.egress.rego.format;

import com.aibang.egress.rego.lexer.Lexer;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the formatted text line by line with tab indentation, and puts every source comment back:
 * comments on their own line before the item that followed them, end-of-line comments after the
 * line that holds the code they followed. Nothing is dropped: what is left is written at the end.
 */
final class FormatWriter {
  private static final String COMMENT = "#";

  private final StringBuilder out = new StringBuilder();
  private final SourceText source;
  private final List<Lexer.Comment> pending;
  private int indent;
  private boolean atLineStart = true;
  private boolean blockStart = true;
  /** Highest source line of the code written so far. */
  private int lastSourceLine;
  /** End-of-line comments from this line on wait (a one-line body's comment belongs after its `}`). */
  private int holdTrailingFrom = Integer.MAX_VALUE;

  FormatWriter(SourceText source) {
    this.source = source;
    this.pending = new ArrayList<>(source.comments());
  }

  void indent() { indent++; }

  void dedent() { indent--; }

  /** Records that code from this source line has been written (drives end-of-line comments). */
  void saw(int line) {
    if (line > lastSourceLine) {
      lastSourceLine = line;
    }
  }

  void text(String s) {
    if (atLineStart) {
      out.append("\t".repeat(indent));
      atLineStart = false;
    }
    out.append(s);
    blockStart = false;
  }

  /** Ends the line, first appending the end-of-line comments of the code written so far. */
  void newline() {
    List<Lexer.Comment> trailing = new ArrayList<>();
    for (Lexer.Comment c : pending) {
      if (!c.ownLine() && c.line() <= lastSourceLine && c.line() < holdTrailingFrom) {
        trailing.add(c);
      }
    }
    if (!trailing.isEmpty()) {
      // one end-of-line comment per line; others (code joined from several source lines) go on
      // their own lines before the next item, where a second pass would put them too
      Lexer.Comment first = trailing.get(0);
      pending.remove(first);
      for (int i = 1; i < trailing.size(); i++) {
        Lexer.Comment c = trailing.get(i);
        pending.set(pending.indexOf(c), new Lexer.Comment(c.line(), c.text(), true));
      }
      text(" " + COMMENT + clean(first));
    }
    endLine();
  }

  /** Holds end-of-line comments of source lines >= line until released; returns the previous hold. */
  int holdTrailing(int line) {
    int previous = holdTrailingFrom;
    holdTrailingFrom = Math.min(line, previous);
    return previous;
  }

  void releaseTrailing(int previous) { holdTrailingFrom = previous; }

  /** After an opening brace: no blank line may follow directly. */
  void startBlock() { blockStart = true; }

  private void endLine() {
    out.append('\n');
    atLineStart = true;
  }

  /** Ensures exactly one empty line before what comes next (never at the top of the file). */
  void blankLine() {
    if (!atLineStart) {
      newline();
    }
    if (out.length() > 0 && !endsWithBlankLine()) {
      out.append('\n');
    }
  }

  private boolean endsWithBlankLine() {
    return out.length() >= 2 && out.charAt(out.length() - 1) == '\n' && out.charAt(out.length() - 2) == '\n';
  }

  /**
   * Called at the start of a line, before an item whose source starts at line: writes the comments
   * that came before it; keeps (one) blank line where the source had one, if allowed here.
   */
  void beginItem(int line, boolean keepBlankLines) {
    int previous = lastSourceLine;
    while (!pending.isEmpty() && pending.get(0).line() < line) {
      Lexer.Comment c = pending.remove(0);
      if (keepBlankLines && !blockStart && source.blankLineBetween(previous, c.line())) {
        blankLine();
      }
      text(COMMENT + clean(c));
      endLine();
      previous = Math.max(previous, c.line());
    }
    if (keepBlankLines && !blockStart && source.blankLineBetween(previous, line)) {
      blankLine();
    }
    saw(line);
  }

  /** Writes every comment not yet placed (the end of the file). */
  String finish() {
    if (!atLineStart) {
      newline();
    }
    for (Lexer.Comment c : pending) {
      if (source.blankLineBetween(lastSourceLine, c.line())) {
        blankLine();
      }
      text(COMMENT + clean(c));
      endLine();
      saw(c.line());
    }
    pending.clear();
    String s = out.toString();
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '\n') {
      end--;
    }
    return s.substring(0, end) + "\n";
  }

  private static String clean(Lexer.Comment c) { return c.text().stripTrailing(); }
}
