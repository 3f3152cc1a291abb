package com.aibang.egress.policyctl;

import com.aibang.egress.decisionlog.DecisionLogLines;
import com.aibang.egress.decisionlog.LogLine;
import com.aibang.egress.decisionlog.RotatedFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Entries of decision log files: each FILE argument with its rotated siblings (FILE.N ... FILE.1,
 * FILE; naming from libs/decision-log), in log order, the arguments one after the other. A line
 * that is not a JSON object is reported as FILE:LINE and skipped; an unterminated last line (being
 * written) is skipped with a note.
 */
final class LogFileSource implements DecisionSource {
  private final List<List<Path>> logs = new ArrayList<>();
  private final PrintStream err;
  private final Set<String> reported = new HashSet<>();
  private long unreadable;

  LogFileSource(List<String> files, PrintStream err) throws SourceException {
    this.err = err;
    for (String file : files) {
      List<Path> rotated;
      try {
        rotated = RotatedFiles.oldestFirst(Path.of(file));
      } catch (IOException e) {
        throw new SourceException(file + ": cannot list the log's rotated files: " + e.getMessage());
      }
      if (rotated.isEmpty()) {
        throw new SourceException(file + ": no such decision log (neither the file nor rotated " + file + ".N exist)");
      }
      logs.add(rotated);
    }
  }

  /** Every log's files, oldest first (for --verify). */
  List<List<Path>> logs() { return logs; }

  @Override
  public void forEach(Consumer<DecisionEntry> visitor) throws SourceException {
    for (List<Path> files : logs) {
      try {
        DecisionLogLines.read(files, line -> {
          accept(line, visitor);
          return true;
        });
      } catch (IOException e) {
        throw new SourceException("cannot read " + files + ": " + e.getMessage());
      }
    }
  }

  private void accept(LogLine line, Consumer<DecisionEntry> visitor) {
    if (!line.terminated()) {
      reportOnce(line, "incomplete last line skipped (still being written, or cut short)", false);
      return;
    }
    try {
      visitor.accept(DecisionEntry.parse(line.text()));
    } catch (IllegalArgumentException e) {
      reportOnce(line, "not a decision log entry, skipped: " + e.getMessage(), true);
    }
  }

  private void reportOnce(LogLine line, String problem, boolean unreadableLine) {
    if (reported.add(line.location())) {
      err.println(line.location() + ": " + problem);
      if (unreadableLine) {
        unreadable++;
      }
    }
  }

  @Override
  public long unreadable() { return unreadable; }
}
