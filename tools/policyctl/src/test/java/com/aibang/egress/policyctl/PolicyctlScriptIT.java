package com.aibang.egress.policyctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the `policyctl` script at the repository root as a real process (after package, so the jar exists). */
class PolicyctlScriptIT {
  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

  @Test
  void scriptRunsTheRepositoryPolicyTests() throws Exception {
    Path bash = List.of(Path.of("/bin/bash"), Path.of("/usr/bin/bash")).stream().filter(Files::isExecutable)
        .findFirst().orElse(null);
    assumeTrue(bash != null, "bash not installed; skipping the policyctl script test");
    assumeTrue(Files.isRegularFile(ROOT.resolve("tools/policyctl/target/policyctl.jar")),
        "tools/policyctl/target/policyctl.jar missing (run after `package`)");
    Result test = run(bash, "test", "policies");
    assertEquals(0, test.code(), test.toString());
    assertTrue(test.out().matches("(?s).*PASS: (\\d+)/\\1\\n.*"), test.toString());
    Result check = run(bash, "check", "policies");
    assertEquals(0, check.code(), check.toString());
    Result usage = run(bash, "test");
    assertEquals(2, usage.code(), usage.toString());
  }

  private record Result(int code, String out, String err) {}

  private static Result run(Path bash, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of(bash.toString(), ROOT.resolve("policyctl").toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("policyctl-out", ".txt");
    Path err = Files.createTempFile("policyctl-err", ".txt");
    try {
      Process p = new ProcessBuilder(cmd).directory(ROOT.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("policyctl " + String.join(" ", args) + " did not finish");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
