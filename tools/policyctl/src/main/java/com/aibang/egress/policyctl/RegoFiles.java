package com.aibang.egress.policyctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The .rego files named by paths: files as given, directories searched recursively (hidden entries skipped). */
final class RegoFiles {
  private RegoFiles() {}

  static List<Path> find(List<String> paths) throws PolicyLoader.LoadException {
    List<Path> out = new ArrayList<>();
    for (String p : paths) {
      Path path = Path.of(p);
      if (Files.isRegularFile(path)) {
        out.add(path);
      } else if (Files.isDirectory(path)) {
        try (Stream<Path> s = Files.walk(path)) {
          s.filter(f -> f.getFileName().toString().endsWith(".rego") && Files.isRegularFile(f)
                  && !hidden(path.relativize(f)))
              .sorted()
              .forEach(out::add);
        } catch (IOException e) {
          throw new PolicyLoader.LoadException(p + ": " + e.getMessage());
        }
      } else {
        throw new PolicyLoader.LoadException(p + ": no such file or directory");
      }
    }
    return out;
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
