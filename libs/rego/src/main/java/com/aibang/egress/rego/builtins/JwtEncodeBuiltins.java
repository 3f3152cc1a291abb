package com.aibang.egress.rego.builtins;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.aibang.egress.rego.value.JsonCodec;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** io.jwt.encode_sign (header, payload and JWK as objects) and io.jwt.encode_sign_raw (as JSON text). */
public final class JwtEncodeBuiltins {
  /** Ed25519 PKCS#8 prefix; the 32-byte private seed follows. */
  private static final byte[] ED25519_PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
  private static final Map<String, String> EC_CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");
  private static final Map<String, String> SIGNATURES = Map.of(
      "RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA",
      "ES256", "SHA256withECDSAinP1363Format", "ES384", "SHA384withECDSAinP1363Format", "ES512", "SHA512withECDSAinP1363Format",
      "EdDSA", "Ed25519");

  private JwtEncodeBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("io.jwt.encode_sign", 3, a -> sign(JsonCodec.write(a.object(0)), JsonCodec.write(a.object(1)), JsonCodec.write(a.object(2))));
    r.register("io.jwt.encode_sign_raw", 3, a -> sign(a.string(0), a.string(1), a.string(2)));
  }

  private static Value sign(String headerText, String payloadText, String jwkText) {
    String alg = algorithm(headerText);
    if (!JwtSignatures.isKnown(alg)) {
      throw BuiltinException.error("unknown JWS algorithm: " + alg);
    }
    ObjectValue header = JwtToken.jsonObject(headerText, "invalid header: ");
    if (header.get("typ") instanceof StringValue typ && typ.value().equals("JWT")) {
      try {
        JwtToken.jsonObject(payloadText, "");
      } catch (BuiltinException e) {
        throw BuiltinException.error("type is JWT but payload is not JSON");
      }
    }
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    String signingInput = enc.encodeToString(headerText.getBytes(UTF_8)) + "." + enc.encodeToString(payloadText.getBytes(UTF_8));
    ObjectValue jwk = JwtToken.jsonObject(jwkText, "failed to parse the signing key: ");
    byte[] signature = signature(alg, jwk, signingInput.getBytes(UTF_8));
    return StringValue.of(signingInput + "." + enc.encodeToString(signature));
  }

  /** The "alg" header, with the error wording of OPA's JWS library. */
  private static String algorithm(String headerText) {
    String prefix = "missing or invalid 'alg' header: ";
    if (headerText.isEmpty()) {
      throw BuiltinException.error(prefix + "cannot parse JSON: cannot parse empty string");
    }
    ObjectValue header;
    try {
      header = JwtToken.jsonObject(headerText, "");
    } catch (BuiltinException e) {
      if (headerText.stripLeading().startsWith("{")) {
        throw BuiltinException.error(prefix + "cannot parse JSON");
      }
      throw BuiltinException.error(prefix + "jwsbb: header \"alg\" not found");
    }
    if (!(header.get("alg") instanceof StringValue alg)) {
      throw BuiltinException.error(prefix + "jwsbb: header \"alg\" not found");
    }
    return alg.value();
  }

  private static byte[] signature(String alg, ObjectValue jwk, byte[] input) {
    try {
      if (JwtSignatures.isHmac(alg)) {
        String mac = "Hmac" + alg.replace("HS", "SHA");
        Mac m = Mac.getInstance(mac);
        m.init(new SecretKeySpec(JwtToken.base64Url(field(jwk, "k")), mac));
        return m.doFinal(input);
      }
      Signature s;
      if (alg.startsWith("PS")) {
        int bits = Integer.parseInt(alg.substring(2));
        String hash = "SHA-" + bits;
        s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), bits / 8, 1));
      } else {
        s = Signature.getInstance(SIGNATURES.get(alg));
      }
      s.initSign(privateKey(jwk));
      s.update(input);
      return s.sign();
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw BuiltinException.error("failed to sign the JWT: " + e.getMessage());
    }
  }

  private static PrivateKey privateKey(ObjectValue jwk) throws GeneralSecurityException {
    String kty = field(jwk, "kty");
    switch (kty) {
      case "RSA":
        return KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
            num(jwk, "n"), num(jwk, "e"), num(jwk, "d"), num(jwk, "p"), num(jwk, "q"),
            num(jwk, "dp"), num(jwk, "dq"), num(jwk, "qi")));
      case "EC": {
        String curve = EC_CURVES.get(field(jwk, "crv"));
        if (curve == null) {
          throw new IllegalArgumentException("unsupported curve " + field(jwk, "crv"));
        }
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec(curve));
        return KeyFactory.getInstance("EC").generatePrivate(
            new ECPrivateKeySpec(num(jwk, "d"), params.getParameterSpec(ECParameterSpec.class)));
      }
      case "OKP": {
        byte[] d = JwtToken.base64Url(field(jwk, "d"));
        byte[] pkcs8 = new byte[ED25519_PKCS8_PREFIX.length + d.length];
        System.arraycopy(ED25519_PKCS8_PREFIX, 0, pkcs8, 0, ED25519_PKCS8_PREFIX.length);
        System.arraycopy(d, 0, pkcs8, ED25519_PKCS8_PREFIX.length, d.length);
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      }
      default:
        throw new IllegalArgumentException("unsupported key type " + kty);
    }
  }

  private static String field(ObjectValue jwk, String name) {
    if (!(jwk.get(name) instanceof StringValue s)) {
      throw new IllegalArgumentException("missing \"" + name + "\" in the signing key");
    }
    return s.value();
  }

  private static BigInteger num(ObjectValue jwk, String name) {
    return new BigInteger(1, JwtToken.base64Url(field(jwk, name)));
  }
}
