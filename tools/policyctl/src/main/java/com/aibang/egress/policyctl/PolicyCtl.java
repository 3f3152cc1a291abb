package com.aibang.egress.policyctl;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** Entry point: `policyctl <command> [options] [args]`; {@link #run} is the in-process form tests use. */
public final class PolicyCtl {
  static final String PROGRAM = "policyctl";

  private PolicyCtl() {}

  public static void main(String[] args) {
    System.exit(run(args, new Console(System.out, System.err, System.in)));
  }

  /** Runs one command line and returns its exit code; never calls System.exit. */
  public static int run(String[] args, Console console) {
    PrintStream err = console.err();
    if (args.length == 0) {
      err.print(overview());
      return ExitCodes.USAGE;
    }
    String name = args[0];
    if (name.equals("-h") || name.equals("--help") || name.equals("help")) {
      if (args.length > 1) {
        return CommandRegistry.find(args[1]).map(c -> {
          console.out().print(c.usage());
          return ExitCodes.OK;
        }).orElseGet(() -> unknown(args[1], err));
      }
      console.out().print(overview());
      return ExitCodes.OK;
    }
    var command = CommandRegistry.find(name);
    if (command.isEmpty()) {
      return unknown(name, err);
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    if (rest.contains("-h") || rest.contains("--help")) {
      console.out().print(command.get().usage());
      return ExitCodes.OK;
    }
    try {
      return command.get().run(rest, console);
    } catch (UsageException e) {
      err.println(PROGRAM + " " + name + ": " + e.getMessage());
      err.print(command.get().usage());
      return ExitCodes.USAGE;
    } catch (RuntimeException e) {
      // a defect in the tool or the interpreter: say what happened instead of a stack trace
      err.println(PROGRAM + " " + name + ": internal error: " + e);
      return ExitCodes.FAILURE;
    }
  }

  private static int unknown(String name, PrintStream err) {
    err.println(PROGRAM + ": unknown command '" + name + "'");
    err.print(overview());
    return ExitCodes.USAGE;
  }

  static String overview() {
    StringBuilder sb = new StringBuilder("Usage: " + PROGRAM + " <command> [options] [arguments]\n\n"
        + "Tools for Rego v1 policy authors (pure-Java interpreter, OPA-compatible layout)\n"
        + "and for reviewing the decision log.\n\nCommands:\n");
    for (Command c : CommandRegistry.all()) {
      sb.append(String.format("  %-10s %s%n", c.name(), c.summary()));
    }
    sb.append("\nRun '" + PROGRAM + " <command> -h' for a command's options.\n"
        + "Exit codes: 0 success, 1 failures (tests, policy errors, I/O), 2 usage errors.\n");
    return sb.toString();
  }
}
