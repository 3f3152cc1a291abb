package com.aibang.egress.policyctl;

import java.util.List;

/** One policyctl subcommand. Register new ones in {@link CommandRegistry}. */
public interface Command {
  /** The word after `policyctl`, e.g. "test". */
  String name();

  /** One line for the command list. */
  String summary();

  /** Full usage text (synopsis and options), printed for -h and usage errors. */
  String usage();

  /**
   * Runs the command with the arguments after its name; returns the exit code
   * ({@link ExitCodes}). Throws {@link UsageException} for bad arguments (exit code 2).
   */
  int run(List<String> args, Console console) throws UsageException;
}
