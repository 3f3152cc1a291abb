package com.aibang.egress.policyctl;

import java.util.function.Consumer;

/** Where `policyctl decisions` reads entries: log files or the running service. */
interface DecisionSource {

  /** Hands every entry to {@code visitor}, oldest first; may be called again (another pass). */
  void forEach(Consumer<DecisionEntry> visitor) throws SourceException;

  /** Lines that could not be read as entries (each already reported on stderr); they make the exit code 1. */
  long unreadable();

  /** The source cannot be read at all: missing file, I/O error, service unreachable or failing. */
  final class SourceException extends Exception {
    SourceException(String message) { super(message); }
  }
}
