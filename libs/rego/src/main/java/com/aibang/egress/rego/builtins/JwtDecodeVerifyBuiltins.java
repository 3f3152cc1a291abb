package com.aibang.egress.rego.builtins;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * io.jwt.decode_verify: verifies the signature (cert/JWK or secret), the algorithm, issuer,
 * audience and the exp/nbf window, returning [valid, header, payload] ([false, {}, {}] if invalid).
 */
public final class JwtDecodeVerifyBuiltins {
  private static final Value UNVERIFIED = ArrayValue.of(BooleanValue.FALSE, ObjectValue.EMPTY, ObjectValue.EMPTY);

  private JwtDecodeVerifyBuiltins() {}

  public static void register(BuiltinRegistry r) {
    // verifies exp/nbf against the clock when the constraints give no time
    r.markNondeterministic("io.jwt.decode_verify");
    r.register("io.jwt.decode_verify", 2, a -> decodeVerify(a.string(0), constraints(a)));
  }

  /** What the caller requires: exactly one of keys or secret, plus optional alg, iss, aud and time (ns). */
  private record Constraints(List<JwtKeys.Key> keys, String secret, String alg, String iss, String aud, BigDecimal timeNanos) {}

  private static Constraints constraints(Args a) {
    ObjectValue o = a.object(1);
    List<JwtKeys.Key> keys = null;
    String secret = "";
    String alg = "";
    String iss = "";
    String aud = "";
    BigDecimal time = BigDecimal.valueOf(a.context().nowNanos());
    for (Map.Entry<Value, Value> e : o.entries().entrySet()) {
      String name = e.getKey() instanceof StringValue s ? s.value() : e.getKey().toString();
      Value v = e.getValue();
      switch (name) {
        case "cert" -> keys = JwtKeys.parse(text(v, name));
        case "secret" -> secret = text(v, name);
        case "alg" -> alg = text(v, name);
        case "iss" -> iss = text(v, name);
        case "aud" -> aud = text(v, name);
        case "time" -> {
          if (!(v instanceof NumberValue n)) {
            throw BuiltinException.error("token time constraint: must be a number");
          }
          time = n.bigDecimal();
        }
        default -> throw BuiltinException.error("unknown token validation constraint: " + name);
      }
    }
    int keyKinds = (keys != null ? 1 : 0) + (secret.isEmpty() ? 0 : 1);
    if (keyKinds > 1) {
      throw BuiltinException.error("duplicate key constraints");
    }
    if (keyKinds < 1) {
      throw BuiltinException.error("no key constraint");
    }
    return new Constraints(keys, secret, alg, iss, aud, time);
  }

  private static String text(Value v, String name) {
    if (!(v instanceof StringValue s)) {
      throw BuiltinException.error("token " + name + " constraint: must be a string");
    }
    return s.value();
  }

  private static Value decodeVerify(String encoded, Constraints c) {
    String current = encoded;
    ObjectValue header;
    String payloadText;
    while (true) {
      JwtToken token = JwtToken.split(current);
      header = token.decodedHeader();
      String alg = header.get("alg") instanceof StringValue s ? s.value() : "";
      // RFC 7515: alg is required, and critical extensions must be understood (we understand none).
      if (alg.isEmpty() || header.get("crit") != null) {
        return UNVERIFIED;
      }
      if (!c.alg().isEmpty() && !c.alg().equals(alg)) {
        return UNVERIFIED;
      }
      if (!JwtSignatures.isKnown(alg)) {
        throw BuiltinException.error("unknown JWS algorithm: " + alg);
      }
      byte[] signature = token.decodedSignature();
      if (!signatureValid(c, header, alg, token.signingInput(), signature)) {
        return UNVERIFIED;
      }
      payloadText = token.decodedPayload();
      if (header.get("cty") instanceof StringValue cty && cty.value().toUpperCase(Locale.ROOT).equals("JWT")) {
        current = payloadText;
        continue;
      }
      break;
    }
    ObjectValue payload = JwtToken.jsonObject(payloadText, "JWT payload had invalid JSON: ");
    return claimsValid(c, payload) ? ArrayValue.of(BooleanValue.TRUE, header, payload) : UNVERIFIED;
  }

  private static boolean signatureValid(Constraints c, ObjectValue header, String alg, byte[] input, byte[] signature) {
    if (c.keys() == null) {
      return JwtSignatures.isHmac(alg) && JwtSignatures.verifyHmac(alg, c.secret().getBytes(UTF_8), input, signature);
    }
    String kid = header.get("kid") instanceof StringValue s ? s.value() : "";
    for (JwtKeys.Key k : c.keys()) {
      if (!kid.isEmpty() && kid.equals(k.kid())) {
        return JwtBuiltins.verifyOne(alg, k, input, signature);
      }
    }
    for (JwtKeys.Key k : c.keys()) {
      if (JwtBuiltins.verifyOne(alg, k, input, signature)) {
        return true;
      }
    }
    return false;
  }

  private static boolean claimsValid(Constraints c, ObjectValue payload) {
    if (!c.iss().isEmpty() && !(payload.get("iss") instanceof StringValue iss && iss.value().equals(c.iss()))) {
      return false;
    }
    Value aud = payload.get("aud");
    if (aud == null ? !c.aud().isEmpty() : !audienceMatches(aud, c.aud())) {
      return false;
    }
    BigDecimal nowSeconds = c.timeNanos().movePointLeft(9);
    Value exp = payload.get("exp");
    if (exp != null) {
      if (!(exp instanceof NumberValue e)) {
        throw BuiltinException.error("exp value must be a number");
      }
      if (nowSeconds.compareTo(e.bigDecimal()) >= 0) {
        return false;
      }
    }
    Value nbf = payload.get("nbf");
    if (nbf != null) {
      if (!(nbf instanceof NumberValue n)) {
        throw BuiltinException.error("nbf value must be a number");
      }
      if (nowSeconds.compareTo(n.bigDecimal()) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean audienceMatches(Value aud, String wanted) {
    if (aud instanceof StringValue s) {
      return s.value().equals(wanted);
    }
    if (aud instanceof ArrayValue arr) {
      for (Value v : arr.items()) {
        if (v instanceof StringValue s && s.value().equals(wanted)) {
          return true;
        }
      }
    }
    return false;
  }
}
