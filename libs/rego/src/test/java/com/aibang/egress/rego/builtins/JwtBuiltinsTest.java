package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.call;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwtBuiltinsTest {
  private static final String ERR = BuiltinException.BUILTIN_ERROR;
  /** The HMAC key of RFC 7515 appendix A.1. */
  private static final String RFC_KEY = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";

  private static String b64(BigInteger i) {
    byte[] b = i.toByteArray();
    int skip = b.length > 1 && b[0] == 0 ? 1 : 0;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOfRange(b, skip, b.length));
  }

  @Test
  void hmacSignVerifyAndDecode() {
    Value jwk = json("{\"kty\": \"oct\", \"k\": \"" + RFC_KEY + "\"}");
    String token = ((StringValue) call("io.jwt.encode_sign", json("{\"alg\": \"HS256\", \"typ\": \"JWT\"}"),
        json("{\"iss\": \"joe\", \"exp\": 4000000000}"), jwk)).value();
    assertCall("[{\"alg\": \"HS256\", \"typ\": \"JWT\"}, {\"exp\": 4000000000, \"iss\": \"joe\"}, \""
        + java.util.HexFormat.of().formatHex(Base64.getUrlDecoder().decode(token.split("\\.")[2])) + "\"]", "io.jwt.decode", str(token));
    // verify_hs* take the secret as text, so sign with a JWK whose key bytes are printable.
    String printable = ((StringValue) call("io.jwt.encode_sign_raw", str("{\"alg\":\"HS256\"}"), str("{\"a\":1}"),
        str("{\"kty\":\"oct\",\"k\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString("s3cret".getBytes()) + "\"}"))).value();
    assertCall("true", "io.jwt.verify_hs256", str(printable), str("s3cret"));
    assertCall("false", "io.jwt.verify_hs256", str(printable), str("other"));
    assertEquals(BooleanValue.FALSE, call("io.jwt.verify_hs384", str(printable), str("s3cret")));
  }

  @Test
  void rsaAndEcRoundTripsThroughJwkAndPem() throws Exception {
    KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
    rsaGen.initialize(2048);
    KeyPair rsa = rsaGen.generateKeyPair();
    RSAPrivateCrtKey k = (RSAPrivateCrtKey) rsa.getPrivate();
    Value privateJwk = ObjectValue.builder().put("kty", str("RSA")).put("n", str(b64(k.getModulus())))
        .put("e", str(b64(k.getPublicExponent()))).put("d", str(b64(k.getPrivateExponent())))
        .put("p", str(b64(k.getPrimeP()))).put("q", str(b64(k.getPrimeQ()))).put("dp", str(b64(k.getPrimeExponentP())))
        .put("dq", str(b64(k.getPrimeExponentQ()))).put("qi", str(b64(k.getCrtCoefficient()))).build();
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(rsa.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    String publicJwk = "{\"keys\": [{\"kty\": \"RSA\", \"kid\": \"k1\", \"n\": \"" + b64(k.getModulus())
        + "\", \"e\": \"" + b64(k.getPublicExponent()) + "\"}]}";
    for (String alg : new String[] {"RS256", "PS384"}) {
      Value token = call("io.jwt.encode_sign", json("{\"alg\": \"" + alg + "\", \"kid\": \"k1\"}"),
          json("{\"iss\": \"joe\", \"aud\": [\"proxy\"], \"nbf\": 1000, \"exp\": 2000}"), privateJwk);
      String verify = "io.jwt.verify_" + alg.toLowerCase();
      assertCall("true", verify, token, str(pem));
      assertCall("true", verify, token, str(publicJwk));
      Value inWindow = ObjectValue.builder().put("cert", str(pem)).put("iss", str("joe")).put("aud", str("proxy"))
          .put("time", NumberValue.of(1500L * 1_000_000_000L)).build();
      assertEquals(BooleanValue.TRUE, ((com.aibang.egress.rego.value.ArrayValue) call("io.jwt.decode_verify", token, inWindow)).get(0));
      Value expired = ObjectValue.builder().put("cert", str(pem)).put("time", NumberValue.of(2000L * 1_000_000_000L)).build();
      assertCall("[false, {}, {}]", "io.jwt.decode_verify", token, expired);
      Value wrongAudience = ObjectValue.builder().put("cert", str(publicJwk)).put("aud", str("other"))
          .put("time", NumberValue.of(1500L * 1_000_000_000L)).build();
      assertCall("[false, {}, {}]", "io.jwt.decode_verify", token, wrongAudience);
    }
  }

  @Test
  void errorsNameTheProblem() {
    assertFails(ERR, "encoded JWT had no period separators", "io.jwt.decode", str("abc"));
    assertFails(ERR, "encoded JWT must have 3 sections, found 2", "io.jwt.verify_hs256", str("a.b"), str("k"));
    assertFails(ERR, "JWT header had invalid encoding: illegal base64 data at input byte 1", "io.jwt.decode", str("e^.e30.e30"));
    assertFails(ERR, "extra data after a PEM certificate block", "io.jwt.verify_rs256", str("e30.e30.e30"),
        str("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\nEXTRA"));
    assertFails(ERR, "failed to parse a JWK key (set)", "io.jwt.verify_rs256", str("e30.e30.e30"), str("{\"kty\": \"RSA\"}"));
    assertFails(ERR, "unknown JWS algorithm: none", "io.jwt.encode_sign_raw", str("{\"alg\":\"none\"}"), str("{}"),
        str("{\"kty\":\"oct\",\"k\":\"AA\"}"));
    assertFails(ERR, "type is JWT but payload is not JSON", "io.jwt.encode_sign_raw", str("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"),
        str("x"), str("{\"kty\":\"oct\",\"k\":\"AA\"}"));
    assertFails(ERR, "no key constraint", "io.jwt.decode_verify", str("e30.e30.e30"), json("{}"));
  }
}
