package com.aibang.egress.rego.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** Every Rego module in OPA's conformance cases: a large corpus of real-world syntax for the formatter. */
final class ConformanceModules {
  private ConformanceModules() {}

  /** The cases directory from REGO_CONFORMANCE_DIR or ../shared/rego-conformance beside the repository, or null. */
  static Path casesDir() {
    String env = System.getenv("REGO_CONFORMANCE_DIR");
    Path base = env != null && !env.isBlank() ? Path.of(env) : Path.of("../../../shared/rego-conformance");
    Path cases = base.resolve("cases");
    return Files.isDirectory(cases) ? cases : null;
  }

  static List<String> load(Path cases) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(cases)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      Object doc = new Yaml().load(Files.readString(f));
      if (!(doc instanceof Map<?, ?> m) || !(m.get("cases") instanceof List<?> list)) {
        continue;
      }
      for (Object c : list) {
        if (c instanceof Map<?, ?> cm && cm.get("modules") instanceof List<?> modules) {
          for (Object mod : modules) {
            if (mod instanceof String s) {
              out.add(s);
            }
          }
        }
      }
    }
    return out;
  }
}
