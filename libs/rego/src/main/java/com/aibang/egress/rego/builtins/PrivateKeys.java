package com.aibang.egress.rego.builtins;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** PEM private keys (PKCS#1 RSA, PKCS#8 RSA/EC/Ed25519) and their JSON forms. */
final class PrivateKeys {
  /** AlgorithmIdentifier for rsaEncryption with NULL parameters, as PKCS#8 wraps PKCS#1 keys. */
  private static final byte[] RSA_ALGORITHM_ID = HexFormat.of().parseHex("300d06092a864886f70d0101010500");

  private PrivateKeys() {}

  static PrivateKey parse(PemBlocks.Block block) {
    try {
      switch (block.type()) {
        case "RSA PRIVATE KEY":
          return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1ToPkcs8(block.der())));
        case "PRIVATE KEY":
          for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
              return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(block.der()));
            } catch (GeneralSecurityException e) {
              // try the next algorithm
            }
          }
          throw BuiltinException.error("x509: failed to parse private key (PKCS#8)");
        default:
          throw BuiltinException.error("unsupported private key type " + GoText.quote(block.type()));
      }
    } catch (GeneralSecurityException e) {
      throw BuiltinException.error("x509: failed to parse private key: " + e.getMessage());
    }
  }

  /** The private key as a JWK (what crypto.x509.parse_rsa_private_key returns). */
  static Value rsaJwk(PrivateKey key) {
    if (!(key instanceof RSAPrivateCrtKey k)) {
      throw BuiltinException.error("not an RSA private key");
    }
    return ObjectValue.builder()
        .put("kty", StringValue.of("RSA"))
        .put("n", b64(k.getModulus())).put("e", b64(k.getPublicExponent())).put("d", b64(k.getPrivateExponent()))
        .put("p", b64(k.getPrimeP())).put("q", b64(k.getPrimeQ()))
        .put("dp", b64(k.getPrimeExponentP())).put("dq", b64(k.getPrimeExponentQ())).put("qi", b64(k.getCrtCoefficient()))
        .build();
  }

  /** The JSON Go's encoding/json gives the key struct (RSA in full; EC and Ed25519 reduced to their secret). */
  static Value goJson(PrivateKey key) {
    if (key instanceof RSAPrivateCrtKey k) {
      ObjectValue precomputed = ObjectValue.builder()
          .put("Dp", NumberValue.of(k.getPrimeExponentP())).put("Dq", NumberValue.of(k.getPrimeExponentQ()))
          .put("Qinv", NumberValue.of(k.getCrtCoefficient())).put("CRTValues", ArrayValue.EMPTY).build();
      return ObjectValue.builder()
          .put("N", NumberValue.of(k.getModulus())).put("E", NumberValue.of(k.getPublicExponent()))
          .put("D", NumberValue.of(k.getPrivateExponent()))
          .put("Primes", ArrayValue.of(NumberValue.of(k.getPrimeP()), NumberValue.of(k.getPrimeQ())))
          .put("Precomputed", precomputed).build();
    }
    if (key instanceof ECPrivateKey k) {
      return ObjectValue.builder().put("D", NumberValue.of(k.getS())).build();
    }
    return StringValue.of(Base64.getEncoder().encodeToString(key.getEncoded()));
  }

  private static Value b64(BigInteger i) {
    byte[] bytes = i.toByteArray();
    int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
    return StringValue.of(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(bytes, skip, bytes.length)));
  }

  /** PrivateKeyInfo ::= SEQUENCE { version 0, rsaEncryption AlgorithmIdentifier, OCTET STRING pkcs1 }. */
  private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM_ID);
    body.write(0x04);
    body.writeBytes(length(pkcs1.length));
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.writeBytes(length(body.size()));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static byte[] length(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    byte[] digits = BigInteger.valueOf(n).toByteArray();
    int skip = digits[0] == 0 ? 1 : 0;
    byte[] out = new byte[digits.length - skip + 1];
    out[0] = (byte) (0x80 | (digits.length - skip));
    System.arraycopy(digits, skip, out, 1, digits.length - skip);
    return out;
  }
}
