package com.aibang.egress.policyctl;

import com.aibang.egress.decisionlog.DecisionLogVerifier;
import com.aibang.egress.policyctl.DecisionSource.SourceException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** `policyctl decisions`: review the decision log (files or a running policy-service): filter, join tiers, summarise, verify. */
final class DecisionsCommand implements Command {
  private static final List<String> FILTER_OPTIONS = List.of("--since", "--until", "--tier", "--namespace", "--pod",
      "--destination", "--reason", "--request-id", "--kind");

  @Override
  public String name() { return "decisions"; }

  @Override
  public String summary() { return "review the decision log: filter, --join tiers, --summary, --verify the hash chain"; }

  @Override
  public String usage() {
    return """
        Usage: policyctl decisions [FILTERS] [--json | --join | --summary] (FILE... | --server URL)
               policyctl decisions --verify FILE...

        Reads decision log FILEs written by policy-service (each with its rotated siblings
        FILE.N ... FILE.1, oldest first) or the entries a running service retains in memory
        (--server http://HOST:8181, its GET /v1/decisions; at most --limit entries, newest kept).

        Filters (all given must match; a repeated option matches any of its values):
          --since T, --until T      time range; T is RFC 3339 (2026-11-26T10:00:00Z) or an age
                                    (30s, 15m, 2h, 7d ago); since inclusive, until exclusive
          --tier edge|egress        also 1|2
          -n, --namespace GLOB      source namespace
          --pod GLOB                source pod
          --destination GLOB        host (any port) or host:port, case-insensitive: *.microsoft.com
          --allow | --deny          the answer (--deny includes report-mode denials)
          --reason REGEX            reason contains a match
          --request-id ID           one client request (both tiers log the same id; reuse entries match
                                    when they list it)
          --kind decision|reuse     decisions only, or the proxies' reports of reused decisions only
        GLOB: * any characters, ? one character.

        Output (default): one line per entry, oldest first:
          TIME TIER allow|deny|deny-report NAMESPACE/POD (or source IP) HOST:PORT REASON request_id=ID
          a reuse entry: ... REASON reuse_of=DECISION_ID count=N request_id=ID,ID,+MORE
          --json        the matching entries as logged, one JSON line each
          --join        requests with a matching entry, with all their edge and egress entries
                        together; says when a tier has no entry
          --summary     denials counted by namespace and destination, most first
          --verify      check the hash chain of each FILE (with its rotated files): prints
                        FILE:LINE of the first broken link (an edited, deleted or inserted line)
          --limit N     with --server: entries to ask for (1..10000, default 10000)
        Exit code: 0 success (also with no match; --verify: chain intact), 1 broken chain,
        unreadable lines or files, service unreachable, 2 usage error.
        """;
  }

  @Override
  public int run(List<String> args, Console console) throws UsageException {
    Options o = DecisionFilter.declare(new Options()).flag("--json").flag("--join").flag("--summary")
        .flag("--verify").option("--server").option("--limit").parse(args);
    List<String> modes = List.of("--json", "--join", "--summary", "--verify").stream().filter(o::has).toList();
    if (modes.size() > 1) {
      throw new UsageException(String.join(" and ", modes) + " exclude each other");
    }
    String server = o.value("--server");
    if (server != null && !o.positional().isEmpty()) {
      throw new UsageException("give log FILEs or --server URL, not both");
    }
    if (server == null && o.positional().isEmpty()) {
      throw new UsageException("a log FILE or --server URL is required");
    }
    if (o.value("--limit") != null && server == null) {
      throw new UsageException("--limit applies to --server only");
    }
    if (o.has("--verify")) {
      if (server != null) {
        throw new UsageException("--verify needs the log FILEs: the service's retained entries carry no hash chain");
      }
      if (FILTER_OPTIONS.stream().anyMatch(n -> !o.values(n).isEmpty()) || o.has("--allow") || o.has("--deny")) {
        throw new UsageException("--verify checks whole logs and takes no filters");
      }
      return verify(o.positional(), console);
    }
    DecisionFilter filter = DecisionFilter.from(o, Instant.now());
    if (o.has("--summary") && filter.selectsAllowedOnly()) {
      throw new UsageException("--summary counts denials; --allow leaves none");
    }
    try {
      DecisionSource source = server != null
          ? new ServiceSource(server, filter.serviceQuery(limit(o.value("--limit")), !o.has("--join"), o.has("--summary")))
          : new LogFileSource(o.positional(), console.err());
      if (o.has("--join")) {
        JoinedRequests.print(source, filter, console.out());
      } else if (o.has("--summary")) {
        DenialSummary.print(source, filter, console.out());
      } else {
        boolean json = o.has("--json");
        source.forEach(e -> {
          if (filter.test(e)) {
            console.out().println(json ? e.raw() : DecisionLine.of(e));
          }
        });
      }
      return source.unreadable() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    } catch (SourceException e) {
      Diagnostics.problem(console.err(), name(), e.getMessage());
      return ExitCodes.FAILURE;
    }
  }

  private static int limit(String value) throws UsageException {
    if (value == null) {
      return ServiceSource.MAX_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= ServiceSource.MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--limit " + value + ": expected 1.." + ServiceSource.MAX_LIMIT);
  }

  private int verify(List<String> files, Console console) {
    LogFileSource logs;
    try {
      logs = new LogFileSource(files, console.err());
    } catch (SourceException e) {
      Diagnostics.problem(console.err(), name(), e.getMessage());
      return ExitCodes.FAILURE;
    }
    int code = ExitCodes.OK;
    for (int i = 0; i < files.size(); i++) {
      List<Path> chain = logs.logs().get(i);
      String names = chain.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
      DecisionLogVerifier.Result result;
      try {
        result = DecisionLogVerifier.verify(chain);
      } catch (IOException e) {
        Diagnostics.problem(console.err(), name(), files.get(i) + ": cannot read: " + e.getMessage());
        code = ExitCodes.FAILURE;
        continue;
      }
      if (result.intact()) {
        console.out().println(files.get(i) + ": hash chain intact: " + result.entries() + " entries in " + names
            + (result.startsFromSeed() ? ", starting from the seed"
                : ", continuing an older chain (older files rotated away, or the first lines removed)"));
      } else {
        console.out().println(result.brokenFile() + ":" + result.brokenLine() + ": " + result.problem());
        console.out().println(files.get(i) + ": hash chain BROKEN after " + result.entries() + " intact entries (files: "
            + names + ")");
        code = ExitCodes.FAILURE;
      }
    }
    return code;
  }
}
