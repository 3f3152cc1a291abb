package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Verification keys for io.jwt.*: a PEM certificate, a PEM public key, a JWK or a JWK set. */
final class JwtKeys {
  /** Ed25519 SubjectPublicKeyInfo prefix; the 32 raw key bytes follow. */
  private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final Map<String, String> EC_CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");

  private JwtKeys() {}

  /** A public key (or HMAC secret) with the key id and algorithm its JWK declared, if any. */
  record Key(PublicKey publicKey, byte[] secret, String kid, String alg) {}

  static List<Key> parse(String text) {
    int begin = text.indexOf("-----BEGIN ");
    if (begin >= 0) {
      return List.of(fromPem(text, begin));
    }
    try {
      ObjectValue jwk = JwtToken.jsonObject(text, "");
      List<Key> keys = new ArrayList<>();
      if (jwk.get("keys") instanceof ArrayValue set) {
        for (Value k : set.items()) {
          keys.add(fromJwk((ObjectValue) k));
        }
      } else {
        keys.add(fromJwk(jwk));
      }
      return keys;
    } catch (BuiltinException | ClassCastException | IllegalArgumentException | GeneralSecurityException e) {
      throw BuiltinException.error("failed to parse a JWK key (set): " + e.getMessage());
    }
  }

  private static Key fromPem(String text, int begin) {
    int typeEnd = text.indexOf("-----", begin + 11);
    String type = typeEnd < 0 ? "" : text.substring(begin + 11, typeEnd);
    String endMarker = "-----END " + type + "-----";
    int end = text.indexOf(endMarker, typeEnd);
    if (typeEnd < 0 || end < 0) {
      throw BuiltinException.error("failed to extract a Key from the PEM certificate");
    }
    if (!text.substring(end + endMarker.length()).isBlank()) {
      throw BuiltinException.error("extra data after a PEM certificate block");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(typeEnd + 5, end));
    } catch (IllegalArgumentException e) {
      throw BuiltinException.error("failed to extract a Key from the PEM certificate");
    }
    try {
      if (type.equals("CERTIFICATE")) {
        PublicKey k = CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
        return new Key(k, null, "", "");
      }
      if (type.equals("PUBLIC KEY")) {
        return new Key(publicKeyFromSpki(der), null, "", "");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw BuiltinException.error("failed to parse a PEM " + (type.equals("CERTIFICATE") ? "certificate" : "public key")
          + ": " + e.getMessage());
    }
    throw BuiltinException.error("failed to extract a Key from the PEM certificate");
  }

  private static PublicKey publicKeyFromSpki(byte[] der) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  private static Key fromJwk(ObjectValue jwk) throws GeneralSecurityException {
    String kty = field(jwk, "kty");
    String kid = jwk.get("kid") instanceof StringValue s ? s.value() : "";
    String alg = jwk.get("alg") instanceof StringValue s ? s.value() : "";
    return switch (kty) {
      case "RSA" -> new Key(KeyFactory.getInstance("RSA").generatePublic(
          new RSAPublicKeySpec(unsigned(field(jwk, "n")), unsigned(field(jwk, "e")))), null, kid, alg);
      case "EC" -> {
        String curve = EC_CURVES.get(field(jwk, "crv"));
        if (curve == null) {
          throw new IllegalArgumentException("unsupported curve " + field(jwk, "crv"));
        }
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec(curve));
        ECPoint point = new ECPoint(unsigned(field(jwk, "x")), unsigned(field(jwk, "y")));
        yield new Key(KeyFactory.getInstance("EC").generatePublic(
            new ECPublicKeySpec(point, params.getParameterSpec(ECParameterSpec.class))), null, kid, alg);
      }
      case "OKP" -> {
        byte[] x = JwtToken.base64Url(field(jwk, "x"));
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + x.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, x.length);
        yield new Key(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)), null, kid, alg);
      }
      case "oct" -> new Key(null, JwtToken.base64Url(field(jwk, "k")), kid, alg);
      default -> throw new IllegalArgumentException("unsupported key type " + kty);
    };
  }

  private static String field(ObjectValue jwk, String name) {
    if (!(jwk.get(name) instanceof StringValue s)) {
      throw new IllegalArgumentException("missing \"" + name + "\"");
    }
    return s.value();
  }

  private static BigInteger unsigned(String base64Url) {
    return new BigInteger(1, JwtToken.base64Url(base64Url));
  }
}
