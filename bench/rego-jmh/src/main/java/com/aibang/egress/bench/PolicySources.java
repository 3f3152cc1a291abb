package com.aibang.egress.bench;

import com.aibang.egress.rego.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the real policies/egress/egress.rego of the repository (system property egress.policy overrides). */
final class PolicySources {
  static final String POLICY_PROPERTY = "egress.policy";
  private static final Path RELATIVE = Path.of("policies", "egress", "egress.rego");

  private PolicySources() {}

  static SourceFile egressPolicy() {
    Path p = locate();
    try {
      return new SourceFile(p.toString(), Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }

  private static Path locate() {
    String explicit = System.getProperty(POLICY_PROPERTY);
    if (explicit != null) {
      return Path.of(explicit);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("policies/egress/egress.rego not found above " + Path.of("").toAbsolutePath()
        + "; run from the repository or pass -D" + POLICY_PROPERTY + "=PATH");
  }
}
