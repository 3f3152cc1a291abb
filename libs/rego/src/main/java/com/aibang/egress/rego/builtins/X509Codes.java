package com.aibang.egress.rego.builtins;

import java.util.List;
import java.util.Map;

/** Go's crypto/x509 enum numbers (SignatureAlgorithm, PublicKeyAlgorithm, KeyUsage, ExtKeyUsage) for Java certificate data. */
final class X509Codes {
  private static final Map<String, Integer> SIGNATURE_ALGORITHMS = Map.ofEntries(
      Map.entry("1.2.840.113549.1.1.4", 2), Map.entry("1.2.840.113549.1.1.5", 3),
      Map.entry("1.2.840.113549.1.1.11", 4), Map.entry("1.2.840.113549.1.1.12", 5),
      Map.entry("1.2.840.113549.1.1.13", 6), Map.entry("1.2.840.10040.4.3", 7),
      Map.entry("2.16.840.1.101.3.4.3.2", 8), Map.entry("1.2.840.10045.4.1", 9),
      Map.entry("1.2.840.10045.4.3.2", 10), Map.entry("1.2.840.10045.4.3.3", 11),
      Map.entry("1.2.840.10045.4.3.4", 12), Map.entry("1.2.840.113549.1.1.10", 13),
      Map.entry("1.3.101.112", 16));
  private static final Map<String, Integer> PUBLIC_KEY_ALGORITHMS = Map.of("RSA", 1, "DSA", 2, "EC", 3, "Ed25519", 4, "EdDSA", 4);
  private static final Map<String, Integer> EXT_KEY_USAGES = Map.ofEntries(
      Map.entry("2.5.29.37.0", 0), Map.entry("1.3.6.1.5.5.7.3.1", 1), Map.entry("1.3.6.1.5.5.7.3.2", 2),
      Map.entry("1.3.6.1.5.5.7.3.3", 3), Map.entry("1.3.6.1.5.5.7.3.4", 4), Map.entry("1.3.6.1.5.5.7.3.5", 5),
      Map.entry("1.3.6.1.5.5.7.3.6", 6), Map.entry("1.3.6.1.5.5.7.3.7", 7), Map.entry("1.3.6.1.5.5.7.3.8", 8),
      Map.entry("1.3.6.1.5.5.7.3.9", 9));

  private X509Codes() {}

  /** Go's SignatureAlgorithm number (0 = unknown; RSASSA-PSS reported as SHA256WithRSAPSS). */
  static int signatureAlgorithm(String oid) { return SIGNATURE_ALGORITHMS.getOrDefault(oid, 0); }

  static int publicKeyAlgorithm(String javaAlgorithm) { return PUBLIC_KEY_ALGORITHMS.getOrDefault(javaAlgorithm, 0); }

  /** Java's KeyUsage flags are in the order of Go's KeyUsage bits (digitalSignature = 1, ...). */
  static int keyUsage(boolean[] flags) {
    int bits = 0;
    for (int i = 0; flags != null && i < flags.length && i < 9; i++) {
      if (flags[i]) {
        bits |= 1 << i;
      }
    }
    return bits;
  }

  /** Known extended key usages as Go numbers; unknown OIDs are left out (Go lists them as UnknownExtKeyUsage). */
  static List<Integer> extKeyUsages(List<String> oids) {
    return oids == null ? List.of() : oids.stream().filter(EXT_KEY_USAGES::containsKey).map(EXT_KEY_USAGES::get).toList();
  }
}
