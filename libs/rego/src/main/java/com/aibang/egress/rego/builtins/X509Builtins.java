package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NullValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;

/** crypto.x509.* (certificates, chains, requests, key pairs, RSA keys) and crypto.parse_private_keys. */
public final class X509Builtins {
  private X509Builtins() {}

  public static void register(BuiltinRegistry r) {
    r.register("crypto.x509.parse_certificates", 1, a -> certificatesValue(certificates(a.string(0))));
    // validity periods are checked against the clock
    r.markNondeterministic("crypto.x509.parse_and_verify_certificates",
        "crypto.x509.parse_and_verify_certificates_with_options");
    r.register("crypto.x509.parse_and_verify_certificates", 1, a -> parseAndVerify(a));
    r.register("crypto.x509.parse_certificate_request", 1, a -> {
      byte[] data = PemBlocks.pemOrBase64(a.string(0));
      byte[] der = PemBlocks.isPem(data) ? firstBlock(data, "CERTIFICATE REQUEST").der() : data;
      return ObjectValue.builder().put("Subject", X509Json.name(CsrSubject.subject(der))).build();
    });
    r.register("crypto.x509.parse_keypair", 2, X509Builtins::keyPair);
    r.register("crypto.x509.parse_rsa_private_key", 1, a -> {
      PrivateKey key = PrivateKeys.parse(firstBlock(PemBlocks.pemOrBase64(a.string(0)), null));
      return PrivateKeys.rsaJwk(key);
    });
    r.register("crypto.parse_private_keys", 1, X509Builtins::privateKeys);
  }

  static List<X509Certificate> certificates(String input) {
    byte[] data = PemBlocks.pemOrBase64(input);
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      List<X509Certificate> out = new ArrayList<>();
      if (PemBlocks.isPem(data)) {
        for (PemBlocks.Block b : PemBlocks.decodeAll(PemBlocks.text(data))) {
          if (b.type().equals("CERTIFICATE")) {
            out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
          }
        }
        return out;
      }
      // Concatenated DER certificates (a chain) are read one after another.
      ByteArrayInputStream in = new ByteArrayInputStream(data);
      while (in.available() > 0) {
        out.add((X509Certificate) cf.generateCertificate(in));
      }
      return out;
    } catch (CertificateException | ClassCastException e) {
      throw BuiltinException.error("x509: malformed certificate");
    }
  }

  private static Value certificatesValue(List<X509Certificate> certs) {
    List<Value> out = new ArrayList<>();
    for (X509Certificate c : certs) {
      out.add(X509Json.certificate(c));
    }
    return ArrayValue.wrap(out);
  }

  /**
   * [true, chain] when the certificates (trusted root first, leaf last, intermediates between)
   * verify at evaluation time, the chain listed leaf first; [false, []] otherwise.
   */
  private static Value parseAndVerify(Args a) {
    Value invalid = ArrayValue.of(BooleanValue.FALSE, ArrayValue.EMPTY);
    List<X509Certificate> certs;
    try {
      certs = certificates(a.string(0));
    } catch (BuiltinException e) {
      return invalid;
    }
    if (certs.size() < 2) {
      return invalid;
    }
    List<X509Certificate> chain = new ArrayList<>(certs);
    java.util.Collections.reverse(chain);
    try {
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(certs.get(0), null)));
      params.setRevocationEnabled(false);
      params.setDate(new Date(a.context().nowNanos() / 1_000_000L));
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(chain.subList(0, chain.size() - 1)), params);
      return ArrayValue.of(BooleanValue.TRUE, certificatesValue(chain));
    } catch (GeneralSecurityException e) {
      return invalid;
    }
  }

  private static PemBlocks.Block firstBlock(byte[] data, String wantedType) {
    for (PemBlocks.Block b : PemBlocks.decodeAll(PemBlocks.text(data))) {
      if (wantedType == null || b.type().equals(wantedType)) {
        return b;
      }
    }
    throw BuiltinException.error("failed to find a PEM " + (wantedType == null ? "block" : wantedType) + " in the input");
  }

  /** tls.X509KeyPair: certificate chain plus a private key that must match the leaf's public key. */
  private static Value keyPair(Args a) {
    List<X509Certificate> chain = certificates(a.string(0));
    if (chain.isEmpty()) {
      throw BuiltinException.error("tls: failed to find any PEM data in certificate input");
    }
    PrivateKey key = PrivateKeys.parse(firstBlock(PemBlocks.pemOrBase64(a.string(1)), null));
    if (!matches(key, chain.get(0))) {
      throw BuiltinException.error("tls: private key does not match public key");
    }
    List<Value> ders = new ArrayList<>();
    for (X509Certificate c : chain) {
      try {
        ders.add(StringValue.of(Base64.getEncoder().encodeToString(c.getEncoded())));
      } catch (GeneralSecurityException e) {
        throw BuiltinException.error("x509: " + e.getMessage());
      }
    }
    return ObjectValue.builder().put("Certificate", ArrayValue.wrap(ders)).put("PrivateKey", PrivateKeys.goJson(key)).build();
  }

  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> "Ed25519";
    };
    try {
      byte[] probe = "key pair check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(cert.getPublicKey());
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Every private key in PEM (or base64 of PEM) text; "" gives null, text without keys an empty array. */
  private static Value privateKeys(Args a) {
    String input = a.string(0);
    if (input.isEmpty()) {
      return NullValue.INSTANCE;
    }
    String text = input;
    try {
      text = PemBlocks.text(PemBlocks.base64Std(input));
    } catch (BuiltinException e) {
      // Not base64: read the input as PEM itself.
    }
    List<Value> out = new ArrayList<>();
    for (PemBlocks.Block b : PemBlocks.decodeAll(text)) {
      if (b.type().endsWith("PRIVATE KEY")) {
        out.add(PrivateKeys.goJson(PrivateKeys.parse(b)));
      }
    }
    return ArrayValue.wrap(out);
  }
}
