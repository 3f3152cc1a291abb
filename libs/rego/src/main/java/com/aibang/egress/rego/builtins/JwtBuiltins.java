package com.aibang.egress.rego.builtins;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** io.jwt.decode and the io.jwt.verify_* family (HS, RS, PS, ES and EdDSA). */
public final class JwtBuiltins {
  private JwtBuiltins() {}

  public static void register(BuiltinRegistry r) {
    r.register("io.jwt.decode", 1, a -> decode(a.string(0)));
    for (String alg : List.of("HS256", "HS384", "HS512")) {
      r.register("io.jwt.verify_" + alg.toLowerCase(Locale.ROOT), 2, a -> {
        JwtToken token = JwtToken.split(a.string(0));
        byte[] secret = a.string(1).getBytes(UTF_8);
        return BooleanValue.of(JwtSignatures.verifyHmac(alg, secret, token.signingInput(), token.decodedSignature()));
      });
    }
    for (String alg : List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")) {
      r.register("io.jwt.verify_" + alg.toLowerCase(Locale.ROOT), 2, a -> BooleanValue.of(verifyWithKeys(alg, a.string(0), a.string(1))));
    }
  }

  /** [header, payload, signature hex]; a token whose content type is "JWT" is decoded recursively. */
  static Value decode(String encoded) {
    JwtToken token = JwtToken.split(encoded);
    ObjectValue header = token.decodedHeader();
    String payload = token.decodedPayload();
    if (header.get("cty") instanceof StringValue cty && cty.value().equals("JWT")) {
      // A nested token arrives as a quoted JSON string.
      return decode(payload.replaceAll("^[\"']+|[\"']+$", ""));
    }
    ObjectValue claims = JwtToken.jsonObject(payload, "JWT payload had invalid JSON: ");
    String signature = HexFormat.of().formatHex(token.decodedSignature());
    return ArrayValue.of(header, claims, StringValue.of(signature));
  }

  /** True when any of the keys (only the one with a matching kid, if there is one) verifies the signature. */
  static boolean verifyWithKeys(String alg, String encoded, String keyText) {
    JwtToken token = JwtToken.split(encoded);
    List<JwtKeys.Key> keys = JwtKeys.parse(keyText);
    byte[] signature = token.decodedSignature();
    ObjectValue header = token.decodedHeader();
    String kid = header.get("kid") instanceof StringValue s ? s.value() : "";
    if (!kid.isEmpty()) {
      for (JwtKeys.Key k : keys) {
        if (kid.equals(k.kid())) {
          return verifyOne(alg, k, token.signingInput(), signature);
        }
      }
    }
    for (JwtKeys.Key k : keys) {
      if (verifyOne(alg, k, token.signingInput(), signature)) {
        return true;
      }
    }
    return false;
  }

  static boolean verifyOne(String alg, JwtKeys.Key key, byte[] input, byte[] signature) {
    if (JwtSignatures.isHmac(alg)) {
      return key.secret() != null && JwtSignatures.verifyHmac(alg, key.secret(), input, signature);
    }
    return key.publicKey() != null && JwtSignatures.verify(alg, key.publicKey(), input, signature);
  }
}
