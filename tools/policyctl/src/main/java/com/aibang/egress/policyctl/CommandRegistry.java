package com.aibang.egress.policyctl;

import java.util.List;
import java.util.Optional;

/** The subcommands policyctl knows; adding one is a class implementing {@link Command} plus one line here. */
public final class CommandRegistry {
  private CommandRegistry() {}

  public static List<Command> all() {
    return List.of(
        new TestCommand(),
        new CheckCommand(),
        new EvalCommand(),
        new FmtCommand(),
        new DecisionsCommand());
  }

  public static Optional<Command> find(String name) {
    return all().stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
