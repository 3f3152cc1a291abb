package com.aibang.egress.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The decision of policies/egress/egress.rego written by hand in plain Java over hash maps built
 * once from the same data: the practical lower bound for this decision on the JVM.
 */
final class HandWrittenEgressDecision {
  /** Ports of one allowlist entry: listed numbers, or every port when the list contains "*". */
  private record Ports(List<Object> listed) {
    boolean allows(Object port) {
      for (Object p : listed) {
        if ("*".equals(p) || numberEquals(p, port)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Patterns of one namespace (or of all namespaces): exact host -> ports, wildcard suffix ".x.y" -> ports. */
  private static final class Patterns {
    final Map<String, List<Ports>> exact = new HashMap<>();
    final Map<String, List<Ports>> suffix = new HashMap<>();

    void add(String pattern, Ports ports) {
      String p = pattern.toLowerCase(Locale.ROOT);
      if (p.startsWith("*.")) {
        suffix.computeIfAbsent(p.substring(1), k -> new ArrayList<>(1)).add(ports);
      } else {
        exact.computeIfAbsent(p, k -> new ArrayList<>(1)).add(ports);
      }
    }

    /** Host matches an exact name, or a "*.suffix" for some proper suffix of it; and the port is listed. */
    boolean allows(String host, Object port) {
      if (anyAllows(exact.get(host), port)) {
        return true;
      }
      for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
        if (anyAllows(suffix.get(host.substring(dot)), port)) {
          return true;
        }
      }
      return false;
    }

    /** Any pattern matching host, whatever the port (blocklist entries without ports). */
    List<Ports> matching(String host) {
      List<Ports> out = new ArrayList<>(exact.getOrDefault(host, List.of()));
      for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
        out.addAll(suffix.getOrDefault(host.substring(dot), List.of()));
      }
      return out;
    }

    private static boolean anyAllows(List<Ports> ports, Object port) {
      if (ports != null) {
        for (Ports p : ports) {
          if (p.allows(port)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private final Map<String, Patterns> byNamespace = new HashMap<>();
  private final Patterns anyNamespace = new Patterns();
  private final Patterns blocklist = new Patterns();
  private final List<int[]> tier1Cidrs = new ArrayList<>();

  @SuppressWarnings("unchecked")
  HandWrittenEgressDecision(Map<String, Object> allowlists) {
    Map<String, Object> namespaces = (Map<String, Object>) allowlists.get("namespaces");
    namespaces.forEach((ns, cfg) -> {
      Patterns own = byNamespace.computeIfAbsent(ns, k -> new Patterns());
      for (Object d : (List<Object>) ((Map<String, Object>) cfg).get("destinations")) {
        Map<String, Object> entry = (Map<String, Object>) d;
        Ports ports = new Ports((List<Object>) entry.get("ports"));
        own.add((String) entry.get("host"), ports);
        anyNamespace.add((String) entry.get("host"), ports);
      }
    });
    for (Object d : (List<Object>) allowlists.get("exit_blocklist")) {
      Map<String, Object> entry = (Map<String, Object>) d;
      Object ports = entry.get("ports");
      blocklist.add((String) entry.get("host"), ports == null ? null : new Ports((List<Object>) ports));
    }
    for (Object c : (List<Object>) allowlists.get("tier1_source_cidrs")) {
      tier1Cidrs.add(parseCidr((String) c));
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> decide(Map<String, Object> input) {
    Object tier = input.get("tier");
    Map<String, Object> source = (Map<String, Object>) input.getOrDefault("source", Map.of());
    Map<String, Object> dest = (Map<String, Object>) input.getOrDefault("destination", Map.of());
    Object hostValue = dest.get("host");
    String host = hostValue instanceof String s ? s.toLowerCase(Locale.ROOT) : "";
    Object port = dest.getOrDefault("port", 0);
    String destination = host + ":" + port;
    Object ip = source.getOrDefault("ip", "unknown");
    if ("edge".equals(tier)) {
      Object ns = source.get("namespace");
      if (ns == null) {
        return denied("edge_unknown_source", "denied: unknown source " + ip + " (no namespace)");
      }
      Patterns own = byNamespace.get(ns);
      if (own == null || !own.allows(host, port)) {
        return denied("edge_destination_not_allowed", "denied: namespace " + ns + " may not reach " + destination);
      }
      return allowed("edge_namespace_allowlist", "allowed: namespace " + ns + " may reach " + destination, "default");
    }
    if ("egress".equals(tier)) {
      if (!(source.get("ip") instanceof String s) || !isTier1(s)) {
        return denied("egress_source_not_allowed", "denied: source " + ip + " is not a tier-1 source");
      }
      if (dest.get("sni") instanceof String sni && !sni.toLowerCase(Locale.ROOT).equals(host)) {
        return denied("egress_sni_mismatch", "denied: TLS server name " + sni + " does not match " + host);
      }
      for (Ports p : blocklist.matching(host)) {
        if (p == null || p.allows(port)) {
          return denied("egress_destination_blocked", "denied: " + destination + " is on the exit blocklist");
        }
      }
      if (!anyNamespace.allows(host, port)) {
        return denied("egress_destination_not_allowed", "denied: no namespace may reach " + destination);
      }
      return allowed("egress_allowlist", "allowed: " + destination, "direct");
    }
    return tier == null ? denied("default_deny", "denied: request matched no rule")
        : denied("unknown_tier", "denied: unknown tier " + tier);
  }

  private static Map<String, Object> denied(String rule, String reason) {
    return Map.of("allow", false, "reason", reason, "rule", rule);
  }

  private static Map<String, Object> allowed(String rule, String reason, String route) {
    return Map.of("allow", true, "reason", reason, "rule", rule, "route", route);
  }

  private boolean isTier1(String ip) {
    int addr = parseIpv4(ip);
    if (addr == -1 && !ip.equals("255.255.255.255")) {
      return false;
    }
    for (int[] c : tier1Cidrs) {
      if ((addr & c[1]) == c[0]) {
        return true;
      }
    }
    return false;
  }

  private static int[] parseCidr(String cidr) {
    int slash = cidr.indexOf('/');
    int bits = Integer.parseInt(cidr.substring(slash + 1));
    int mask = bits == 0 ? 0 : -1 << (32 - bits);
    return new int[] {parseIpv4(cidr.substring(0, slash)) & mask, mask};
  }

  private static int parseIpv4(String ip) {
    String[] parts = ip.split("\\.");
    if (parts.length != 4) {
      return -1;
    }
    int v = 0;
    for (String p : parts) {
      v = (v << 8) | Integer.parseInt(p);
    }
    return v;
  }

  private static boolean numberEquals(Object a, Object b) {
    return a instanceof Number x && b instanceof Number y && x.longValue() == y.longValue();
  }
}
