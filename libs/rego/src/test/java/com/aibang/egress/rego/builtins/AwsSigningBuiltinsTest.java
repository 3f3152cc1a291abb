package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.call;
import static com.aibang.egress.rego.builtins.BuiltinCall.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aibang.egress.rego.value.NumberValue;
import com.aibang.egress.rego.value.ObjectValue;
import com.aibang.egress.rego.value.StringValue;
import com.aibang.egress.rego.value.Value;
import org.junit.jupiter.api.Test;

class AwsSigningBuiltinsTest {
  /** 2015-08-30T12:36:00Z, the instant of AWS's published SigV4 "get-vanilla" example. */
  private static final Value EXAMPLE_TIME = NumberValue.of(1440938160L * 1_000_000_000L);
  private static final Value EXAMPLE_CONFIG = json("{\"aws_access_key\": \"AKIDEXAMPLE\","
      + " \"aws_secret_access_key\": \"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\", \"aws_service\": \"service\","
      + " \"aws_region\": \"us-east-1\"}");

  @Test
  void matchesTheAwsGetVanillaExample() {
    Value signed = call("providers.aws.sign_req", json("{\"method\": \"GET\", \"url\": \"https://example.amazonaws.com/\"}"),
        EXAMPLE_CONFIG, EXAMPLE_TIME);
    ObjectValue headers = (ObjectValue) ((ObjectValue) signed).get("headers");
    assertEquals(StringValue.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
        + "SignedHeaders=host;x-amz-date,Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        headers.get("Authorization"));
    assertEquals(StringValue.of("20150830T123600Z"), headers.get("x-amz-date"));
    assertEquals(StringValue.of("example.amazonaws.com"), headers.get("host"));
  }

  @Test
  void s3SignsThePayloadHashAndRejectsBadInput() {
    Value config = json("{\"aws_access_key\": \"A\", \"aws_secret_access_key\": \"S\", \"aws_service\": \"s3\","
        + " \"aws_region\": \"eu-west-1\", \"disable_payload_signing\": true}");
    ObjectValue headers = (ObjectValue) ((ObjectValue) call("providers.aws.sign_req",
        json("{\"method\": \"PUT\", \"url\": \"https://bucket.s3.amazonaws.com/key\", \"raw_body\": \"data\"}"), config, EXAMPLE_TIME))
        .get("headers");
    assertEquals(StringValue.of("UNSIGNED-PAYLOAD"), headers.get("x-amz-content-sha256"));
    String type = BuiltinException.TYPE_ERROR;
    assertFails(type, "operand 1 missing required request parameters(s): {\"method\", \"url\"}",
        "providers.aws.sign_req", json("{}"), config, EXAMPLE_TIME);
    assertFails(type, "operand 2 missing required AWS config parameters(s): {\"aws_access_key\", \"aws_region\", "
        + "\"aws_secret_access_key\", \"aws_service\"}", "providers.aws.sign_req",
        json("{\"method\": \"GET\", \"url\": \"https://x\"}"), json("{}"), EXAMPLE_TIME);
    assertFails(type, "operand 3 could not convert time_ns value into a unix timestamp", "providers.aws.sign_req",
        json("{\"method\": \"GET\", \"url\": \"https://x\"}"), config, json("-1"));
  }
}
