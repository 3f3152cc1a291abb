package com.aibang.egress.policyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PolicyCtlTest {
  @Test
  void withoutArgumentsPrintsTheCommandsAndExitsTwo() {
    CliRun r = CliRun.of();
    assertEquals(2, r.code());
    for (Command c : CommandRegistry.all()) {
      assertTrue(r.err().contains("  " + c.name() + " "), r.toString());
    }
  }

  @Test
  void unknownCommandIsAUsageError() {
    CliRun r = CliRun.of("frobnicate");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown command 'frobnicate'"), r.toString());
  }

  @Test
  void helpForEachCommand() {
    for (Command c : CommandRegistry.all()) {
      CliRun r = CliRun.of(c.name(), "--help");
      assertEquals(0, r.code(), r.toString());
      assertTrue(r.out().startsWith("Usage: policyctl " + c.name()), r.toString());
    }
    assertEquals(0, CliRun.of("help", "fmt").code());
  }
}
