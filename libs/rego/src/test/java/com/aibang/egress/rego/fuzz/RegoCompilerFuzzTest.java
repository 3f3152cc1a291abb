package com.aibang.egress.rego.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.RegoError;
import com.aibang.egress.rego.RegoException;
import com.aibang.egress.rego.RegoPolicy;
import com.aibang.egress.rego.SourceFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes lexer, parser and compiler: any text either compiles or is rejected with a RegoException
 * whose every error carries the file name and a line; any other exception (or a hang) is a bug.
 * During the build this runs the seed inputs in RegoCompilerFuzzTestInputs/ (regression mode);
 * JAZZER_FUZZ=1 fuzzes (see libs/rego/README.md).
 */
class RegoCompilerFuzzTest {
  private static final String FILE = "fuzz.rego";

  // @Timeout is Jazzer's per-input hang detector while fuzzing (and a hang guard for seeds); no speed check.
  // 30 s, not less: the first seed (class loading, Jazzer's instrumentation) takes ~0.4 s on an idle machine and
  // ran into the former 10 s under a load average of 25+ on 2 cores; an input compiles in milliseconds otherwise.
  @FuzzTest(maxDuration = "60s")
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void compileAnyText(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      RegoPolicy.compile(List.of(new SourceFile(FILE, text)), Map.of());
    } catch (RegoException e) {
      assertFalse(e.errors().isEmpty(), "RegoException without errors for input:\n" + text);
      for (RegoError err : e.errors()) {
        assertTrue(FILE.equals(err.file()) && err.line() > 0,
            "error without position: " + err + "\ninput:\n" + text);
      }
    }
  }
}
