package com.aibang.egress.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic synthetic allowlist in the schema of policies/allowlists/data.yaml: NAMESPACES
 * namespaces with DESTINATIONS_PER_NAMESPACE destinations each (every tenth a wildcard), plus
 * sample requests that exercise it.
 */
@SuppressWarnings("unchecked")
final class AllowlistData {
  static final int NAMESPACES = 1_000;
  static final int DESTINATIONS_PER_NAMESPACE = 10;
  static final int SAMPLE_REQUESTS = 1_024;
  private static final long SEED = 20261126L;

  private AllowlistData() {}

  static String namespace(int n) { return String.format("ns-%04d", n); }

  /** Destination j of namespace n: exact names, except the last one, a wildcard. */
  static String hostPattern(int n, int j) {
    return j == DESTINATIONS_PER_NAMESPACE - 1 ? String.format("*.tenant%04d.example.net", n)
        : String.format("api%d.svc%04d.example.com", j, n);
  }

  /** The value of data.allowlists (10,000 host patterns over 1,000 namespaces). */
  static Map<String, Object> allowlists() {
    Map<String, Object> namespaces = new LinkedHashMap<>();
    for (int n = 0; n < NAMESPACES; n++) {
      List<Object> destinations = new ArrayList<>();
      for (int j = 0; j < DESTINATIONS_PER_NAMESPACE; j++) {
        destinations.add(Map.of("host", hostPattern(n, j), "ports", List.of(443, 8443)));
      }
      namespaces.put(namespace(n), Map.of("destinations", destinations));
    }
    Map<String, Object> allowlists = new LinkedHashMap<>();
    allowlists.put("namespaces", namespaces);
    allowlists.put("tier1_source_cidrs", List.of("10.0.0.0/8", "127.0.0.1/32"));
    allowlists.put("exit_blocklist", List.of(Map.of("host", "*.compromised.example"),
        Map.of("host", "files.example.com", "ports", List.of(21))));
    return allowlists;
  }

  /** The whole data document: {"allowlists": ...}. */
  static Map<String, Object> data() {
    return Map.of("allowlists", allowlists());
  }

  /** Edge (tier 1) requests that are allowed: a namespace asks for one of its own destinations. */
  static List<Map<String, Object>> edgeAllowed() {
    Random r = new Random(SEED);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < SAMPLE_REQUESTS; i++) {
      int n = r.nextInt(NAMESPACES);
      out.add(input("edge", "10.4." + (i % 250) + ".7", namespace(n), host(n, r.nextInt(DESTINATIONS_PER_NAMESPACE)),
          null));
    }
    return out;
  }

  /** Edge requests that are denied: the destination belongs to another namespace. */
  static List<Map<String, Object>> edgeDenied() {
    Random r = new Random(SEED + 1);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < SAMPLE_REQUESTS; i++) {
      int n = r.nextInt(NAMESPACES);
      int other = (n + 1 + r.nextInt(NAMESPACES - 1)) % NAMESPACES;
      out.add(input("edge", "10.4." + (i % 250) + ".7", namespace(n), host(other, r.nextInt(DESTINATIONS_PER_NAMESPACE)),
          null));
    }
    return out;
  }

  /** Egress (tier 2) requests that are allowed: from a tier-1 address, SNI equal to the host. */
  static List<Map<String, Object>> egressAllowed() {
    Random r = new Random(SEED + 2);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < SAMPLE_REQUESTS; i++) {
      String h = host(r.nextInt(NAMESPACES), r.nextInt(DESTINATIONS_PER_NAMESPACE));
      out.add(input("egress", "10.8.0." + (i % 250), null, h, h));
    }
    return out;
  }

  /**
   * Egress requests that are denied although they look close to allowed ones: unknown host, a
   * subdomain of an exact name, the apex of a wildcard, an allowed host on a port not listed.
   */
  static List<Map<String, Object>> egressDenied() {
    Random r = new Random(SEED + 3);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      int n = r.nextInt(NAMESPACES);
      String exact = hostPattern(n, r.nextInt(DESTINATIONS_PER_NAMESPACE - 1));
      String apex = hostPattern(n, DESTINATIONS_PER_NAMESPACE - 1).substring(2);
      String host = switch (i % 4) {
        case 0 -> "unknown" + i + ".example.org";
        case 1 -> "x." + exact;
        case 2 -> apex;
        default -> exact;
      };
      Map<String, Object> in = input("egress", "10.8.0." + i, null, host, host);
      if (i % 4 == 3) {
        ((Map<String, Object>) in.get("destination")).put("port", 8080);
      }
      out.add(in);
    }
    return out;
  }

  /** A concrete host matching destination j of namespace n (a subdomain for the wildcard). */
  private static String host(int n, int j) {
    String p = hostPattern(n, j);
    return p.startsWith("*.") ? "login.eu" + p.substring(1) : p;
  }

  private static Map<String, Object> input(String tier, String ip, String ns, String host, String sni) {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("ip", ip);
    if (ns != null) {
      source.put("namespace", ns);
      source.put("pod", "api-7d9");
      source.put("authenticated_by", "pod-ip");
    } else {
      source.put("authenticated_by", "static-cidr");
    }
    Map<String, Object> destination = new LinkedHashMap<>();
    destination.put("host", host);
    destination.put("port", 443);
    destination.put("method", "CONNECT");
    destination.put("scheme", "https");
    if (sni != null) {
      destination.put("sni", sni);
    }
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("tier", tier);
    in.put("request_id", "req-" + host.hashCode());
    in.put("source", source);
    in.put("destination", destination);
    return in;
  }
}
