package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.call;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aibang.egress.rego.value.ArrayValue;
import com.aibang.egress.rego.value.BooleanValue;
import com.aibang.egress.rego.value.NullValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class X509BuiltinsTest {
  private static final String ERR = BuiltinException.BUILTIN_ERROR;

  private static Value field(Value obj, String... path) {
    Value v = obj;
    for (String p : path) {
      v = ((ObjectValue) v).get(p);
    }
    return v;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesPemOrBase64Chains() {
    for (Value input : new Value[] {str(TestPki.LEAF + TestPki.ROOT), str(b64(TestPki.LEAF + TestPki.ROOT))}) {
      ArrayValue certs = (ArrayValue) call("crypto.x509.parse_certificates", input);
      assertEquals(2, certs.size());
      Value leaf = certs.get(0);
      assertEquals(str("proxy.egress.test"), field(leaf, "Subject", "CommonName"));
      assertEquals(json("[\"GB\"]"), field(leaf, "Subject", "Country"));
      assertEquals(json("[\"proxy.egress.test\"]"), field(leaf, "DNSNames"));
      assertEquals(json("[\"spiffe://egress.test/proxy\"]"), field(leaf, "URIStrings"));
      assertEquals(str("Egress Test Root"), field(leaf, "Issuer", "CommonName"));
      assertEquals(NullValue.INSTANCE, field(certs.get(1), "DNSNames"));
      assertEquals(BooleanValue.TRUE, field(certs.get(1), "IsCA"));
      // digitalSignature | keyEncipherment in the leaf; keyCertSign | cRLSign in the root (Go's KeyUsage bits).
      assertEquals(json("5"), field(leaf, "KeyUsage"));
      assertEquals(json("96"), field(certs.get(1), "KeyUsage"));
      assertEquals(json("4"), field(leaf, "SignatureAlgorithm"));
      assertEquals(json("1"), field(leaf, "PublicKeyAlgorithm"));
    }
    assertFails(ERR, "x509: malformed certificate", "crypto.x509.parse_certificates", str(b64("not a certificate")));
    assertFails(ERR, "illegal base64", "crypto.x509.parse_certificates", str("%%%"));
  }

  @Test
  void verifiesChainsRootFirst() {
    ArrayValue ok = (ArrayValue) call("crypto.x509.parse_and_verify_certificates", str(TestPki.ROOT + TestPki.LEAF));
    assertEquals(BooleanValue.TRUE, ok.get(0));
    assertEquals(str("proxy.egress.test"), field(((ArrayValue) ok.get(1)).get(0), "Subject", "CommonName"));
    // Leaf first is the wrong order: the leaf would be taken as the trusted root.
    assertEquals(json("[false, []]"), call("crypto.x509.parse_and_verify_certificates", str(TestPki.LEAF + TestPki.ROOT)));
    assertEquals(json("[false, []]"), call("crypto.x509.parse_and_verify_certificates", str(TestPki.ROOT)));
  }

  @Test
  void requestsKeysAndKeyPairs() {
    assertEquals(str("proxy.egress.test"),
        field(call("crypto.x509.parse_certificate_request", str(TestPki.LEAF_CSR)), "Subject", "CommonName"));
    Value jwk = call("crypto.x509.parse_rsa_private_key", str(TestPki.LEAF_KEY_PKCS1));
    assertEquals(str("RSA"), field(jwk, "kty"));
    assertEquals(jwk, call("crypto.x509.parse_rsa_private_key", str(b64(TestPki.LEAF_KEY_PKCS8))));
    assertEquals(2, ((ArrayValue) call("crypto.parse_private_keys", str(TestPki.LEAF_KEY_PKCS8 + TestPki.LEAF_KEY_PKCS1))).size());
    assertEquals(json("[]"), call("crypto.parse_private_keys", str("nope")));
    assertEquals(NullValue.INSTANCE, call("crypto.parse_private_keys", str("")));
    Value pair = call("crypto.x509.parse_keypair", str(TestPki.LEAF), str(TestPki.LEAF_KEY_PKCS8));
    ArrayValue ders = (ArrayValue) field(pair, "Certificate");
    assertEquals(field(((ArrayValue) call("crypto.x509.parse_certificates", str(TestPki.LEAF))).get(0), "Raw"), ders.get(0));
    assertFails(ERR, "private key does not match public key", "crypto.x509.parse_keypair", str(TestPki.ROOT), str(TestPki.LEAF_KEY_PKCS8));
    assertEquals(StringValue.class, ders.get(0).getClass());
  }
}
