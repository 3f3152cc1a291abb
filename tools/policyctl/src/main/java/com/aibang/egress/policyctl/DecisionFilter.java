package com.aibang.egress.policyctl;

import com.aibang.egress.decisionlog.InputFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The `policyctl decisions` filters; an entry must pass every given filter, and a repeated option
 * matches any of its values. Time bounds: since inclusive, until exclusive.
 */
final class DecisionFilter {
  private Instant since;
  private Instant until;
  private final Set<String> tiers = new LinkedHashSet<>();
  private final List<Glob> namespaces = new ArrayList<>();
  private final List<Glob> pods = new ArrayList<>();
  private final List<Glob> destinations = new ArrayList<>();
  private final Set<String> requestIds = new LinkedHashSet<>();
  private Boolean allow;
  private Pattern reason;
  private Boolean reuse;

  /** Declares the filter options on {@code options}. */
  static Options declare(Options options) {
    return options.option("--since").option("--until").option("--tier").option("--namespace", "-n")
        .option("--pod").option("--destination", "--dest").option("--reason").option("--request-id").option("--kind")
        .flag("--allow").flag("--deny");
  }

  static DecisionFilter from(Options o, Instant now) throws UsageException {
    DecisionFilter f = new DecisionFilter();
    f.since = o.value("--since") == null ? null : TimeArgument.parse("--since", o.value("--since"), now);
    f.until = o.value("--until") == null ? null : TimeArgument.parse("--until", o.value("--until"), now);
    if (f.since != null && f.until != null && !f.since.isBefore(f.until)) {
      throw new UsageException("--since must be before --until");
    }
    for (String tier : o.values("--tier")) {
      f.tiers.add(tierName(tier));
    }
    o.values("--namespace").forEach(v -> f.namespaces.add(Glob.of(v)));
    o.values("--pod").forEach(v -> f.pods.add(Glob.of(v)));
    o.values("--destination").forEach(v -> f.destinations.add(Glob.ignoringCase(v)));
    f.requestIds.addAll(o.values("--request-id"));
    if (o.has("--allow") && o.has("--deny")) {
      throw new UsageException("--allow and --deny exclude each other");
    }
    f.allow = o.has("--allow") ? Boolean.TRUE : o.has("--deny") ? Boolean.FALSE : null;
    String kind = o.value("--kind");
    if (kind != null) {
      f.reuse = switch (kind.toLowerCase(Locale.ROOT)) {
        case "reuse" -> Boolean.TRUE;
        case "decision" -> Boolean.FALSE;
        default -> throw new UsageException("--kind " + kind + ": expected decision or reuse");
      };
    }
    String reason = o.value("--reason");
    if (reason != null) {
      try {
        f.reason = Pattern.compile(reason);
      } catch (PatternSyntaxException e) {
        throw new UsageException("--reason " + reason + ": invalid regular expression: " + e.getDescription());
      }
    }
    return f;
  }

  private static String tierName(String tier) throws UsageException {
    return switch (tier.toLowerCase(Locale.ROOT)) {
      case "edge", "1" -> InputFields.TIER_EDGE;
      case "egress", "2" -> InputFields.TIER_EGRESS;
      default -> throw new UsageException("--tier " + tier + ": expected edge (1) or egress (2)");
    };
  }

  boolean test(DecisionEntry e) {
    return (since == null || (e.timestamp() != null && !e.timestamp().isBefore(since)))
        && (until == null || (e.timestamp() != null && e.timestamp().isBefore(until)))
        && (tiers.isEmpty() || tiers.contains(e.tier()))
        && anyMatches(namespaces, e.namespace())
        && anyMatches(pods, e.pod())
        && (destinations.isEmpty() || destinations.stream().anyMatch(d -> destinationMatches(d, e)))
        && (requestIds.isEmpty() || e.requestIds().stream().anyMatch(requestIds::contains))
        && (reuse == null || reuse == (e.reuse() != null))
        && (allow == null || allow.equals(e.allow()))
        && (reason == null || (e.reason() != null && reason.matcher(e.reason()).find()));
  }

  /** A pattern with a port matches host:port, one without matches the host (so `*.example.com` is any port). */
  private static boolean destinationMatches(Glob glob, DecisionEntry e) {
    return glob.matches(e.host()) || glob.matches(e.destinationLabel());
  }

  private static boolean anyMatches(List<Glob> globs, String value) {
    return globs.isEmpty() || globs.stream().anyMatch(g -> g.matches(value));
  }

  /** Filters only the entries' allow field: --summary cannot count denials of allowed entries. */
  boolean selectsAllowedOnly() { return Boolean.TRUE.equals(allow); }

  /**
   * What the service's GET /v1/decisions can apply itself with the same meaning (exact tier,
   * request id, namespace and host; allow), so its limit is spent on matching entries. Every
   * filter is still applied locally as well.
   *
   * @param withFilters false for --join, which needs the other tier's entries too
   * @param deniedOnly  for --summary, which only counts denials
   */
  ServiceSource.Query serviceQuery(int limit, boolean withFilters, boolean deniedOnly) {
    if (!withFilters) {
      return new ServiceSource.Query(null, null, null, null, null, limit);
    }
    Glob destination = destinations.size() == 1 ? destinations.get(0) : null;
    return new ServiceSource.Query(
        tiers.size() == 1 ? tiers.iterator().next() : null,
        // Not by request id: reuse entries list theirs in reuse.request_ids, which the service does not match.
        null,
        namespaces.size() == 1 && namespaces.get(0).literal() ? namespaces.get(0).text() : null,
        destination != null && destination.literal() && !destination.text().contains(":")
            ? destination.text().toLowerCase(Locale.ROOT) : null,
        deniedOnly ? Boolean.FALSE : allow, limit);
  }
}
