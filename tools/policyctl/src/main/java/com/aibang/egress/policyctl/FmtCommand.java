package com.aibang.egress.policyctl;

import com.aibang.egress.rego.RegoException;
import com.aibang.egress.rego.format.RegoFormatter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** `policyctl fmt`: canonical formatting of Rego v1 source, verified before anything is written. */
final class FmtCommand implements Command {
  @Override
  public String name() { return "fmt"; }

  @Override
  public String summary() { return "format Rego source canonically (like opa fmt)"; }

  @Override
  public String usage() {
    return """
        Usage: policyctl fmt [-w] [-l] [--diff] [--fail] PATH...

        Formats the .rego files under PATH... in opa fmt style: tab indentation, one rule per block with
        a blank line between rules, `if` before every body and `contains` for multi-value rules,
        comments kept. Without -w/-l/--diff the formatted text is printed on stdout.
        Every result is checked first: it must parse to the same AST as the original (positions
        ignored) and formatting it again must not change it; a file failing that check is reported
        and never written.

        Options:
          -w, --write   rewrite files whose formatting differs (in place)
          -l, --list    print the names of files whose formatting differs
          -d, --diff    print a unified diff for files whose formatting differs
          --fail        exit 1 when any file's formatting differs (for CI, with -l or --diff)

        Exit code: 0 success, 1 a file does not parse, cannot be formatted safely or written (or,
        with --fail, is not formatted), 2 usage error.
        """;
  }

  @Override
  public int run(List<String> args, Console console) throws UsageException {
    Options o = new Options().flag("-w", "--write").flag("-l", "--list").flag("-d", "--diff").flag("--fail")
        .parse(args);
    if (o.positional().isEmpty()) {
      throw new UsageException("at least one PATH is required");
    }
    List<Path> files;
    try {
      files = RegoFiles.find(o.positional());
    } catch (PolicyLoader.LoadException e) {
      Diagnostics.problem(console.err(), name(), e.getMessage());
      return ExitCodes.FAILURE;
    }
    boolean print = !o.has("-w") && !o.has("-l") && !o.has("-d");
    boolean failed = false;
    boolean changed = false;
    for (Path f : files) {
      String name = f.toString();
      String source;
      String formatted;
      try {
        source = PolicyLoader.read(f);
        formatted = RegoFormatter.format(name, source);
      } catch (PolicyLoader.LoadException e) {
        Diagnostics.problem(console.err(), name(), e.getMessage());
        failed = true;
        continue;
      } catch (RegoException e) {
        Diagnostics.print(e, console.err());
        failed = true;
        continue;
      }
      if (print) {
        console.out().print(formatted);
        continue;
      }
      if (formatted.equals(source)) {
        continue;
      }
      changed = true;
      if (o.has("-l")) {
        console.out().println(name);
      }
      if (o.has("-d")) {
        console.out().print(UnifiedDiff.diff(name, source, formatted));
      }
      if (o.has("-w") && !write(f, formatted, console)) {
        failed = true;
      }
    }
    return failed || changed && o.has("--fail") ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  private static void keepPermissions(Path original, Path tmp) throws IOException {
    try {
      Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(original));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the new file keeps the default permissions
    }
  }

  /** Writes through a temporary file in the same directory so a failure never leaves half a file. */
  private boolean write(Path f, String text, Console console) {
    try {
      Path dir = f.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(dir, "." + f.getFileName(), ".fmt");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        keepPermissions(f, tmp);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return true;
    } catch (IOException e) {
      Diagnostics.problem(console.err(), name(), f + ": cannot write: " + e);
      return false;
    }
  }
}
