package com.aibang.egress.rego.builtins;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** JWS signature checks (RFC 7518 algorithms) on java.security. */
final class JwtSignatures {
  private static final Map<String, String> HMAC = Map.of("HS256", "HmacSHA256", "HS384", "HmacSHA384", "HS512", "HmacSHA512");
  private static final Map<String, String> RSA = Map.of("RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA");
  /** ECDSA in JWS is the raw r||s concatenation, which Java calls the P1363 format. */
  private static final Map<String, String> ECDSA = Map.of(
      "ES256", "SHA256withECDSAinP1363Format", "ES384", "SHA384withECDSAinP1363Format", "ES512", "SHA512withECDSAinP1363Format");
  private static final Map<String, Integer> PSS_BITS = Map.of("PS256", 256, "PS384", 384, "PS512", 512);

  private JwtSignatures() {}

  static boolean isKnown(String alg) {
    return HMAC.containsKey(alg) || RSA.containsKey(alg) || ECDSA.containsKey(alg) || PSS_BITS.containsKey(alg) || alg.equals("EdDSA");
  }

  static boolean isHmac(String alg) { return HMAC.containsKey(alg); }

  /** HMAC check in constant time. */
  static boolean verifyHmac(String alg, byte[] secret, byte[] input, byte[] signature) {
    try {
      Mac mac = Mac.getInstance(HMAC.get(alg));
      mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, HMAC.get(alg)));
      return MessageDigest.isEqual(mac.doFinal(input), signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Public-key check; a key of the wrong type simply does not verify. */
  static boolean verify(String alg, PublicKey key, byte[] input, byte[] signature) {
    try {
      Signature s;
      if (RSA.containsKey(alg)) {
        s = Signature.getInstance(RSA.get(alg));
      } else if (ECDSA.containsKey(alg)) {
        s = Signature.getInstance(ECDSA.get(alg));
      } else if (PSS_BITS.containsKey(alg)) {
        int bits = PSS_BITS.get(alg);
        s = Signature.getInstance("RSASSA-PSS");
        String hash = "SHA-" + bits;
        s.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), bits / 8, 1));
      } else if (alg.equals("EdDSA")) {
        s = Signature.getInstance("Ed25519");
      } else {
        return false;
      }
      s.initVerify(key);
      s.update(input);
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
