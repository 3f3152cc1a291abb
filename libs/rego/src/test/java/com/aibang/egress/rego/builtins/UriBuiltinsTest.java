package com.aibang.egress.rego.builtins;

import static com.aibang.egress.rego.builtins.BuiltinCall.assertCall;
import static com.aibang.egress.rego.builtins.BuiltinCall.assertFails;
import static com.aibang.egress.rego.builtins.BuiltinCall.str;

import org.junit.jupiter.api.Test;

class UriBuiltinsTest {
  private static final String ERR = BuiltinException.BUILTIN_ERROR;

  @Test
  void parseSplitsLikeGoNetUrl() {
    assertCall("{\"scheme\": \"https\", \"hostname\": \"example.com\", \"port\": \"8080\", \"path\": \"/api\","
        + " \"raw_path\": \"/api\", \"raw_query\": \"q=1\", \"fragment\": \"top\"}",
        "uri.parse", str("https://example.com:8080/api?q=1#top"));
    assertCall("{\"scheme\": \"http\", \"hostname\": \"::1\", \"port\": \"8080\", \"path\": \"/path\", \"raw_path\": \"/path\"}",
        "uri.parse", str("http://[::1]:8080/path"));
    assertCall("{\"scheme\": \"https\", \"hostname\": \"example.com\", \"path\": \"/path/with/slashes\","
        + " \"raw_path\": \"/path%2Fwith%2Fslashes\"}", "uri.parse", str("https://example.com/path%2Fwith%2Fslashes"));
    assertCall("{\"scheme\": \"https\", \"hostname\": \"example.com\", \"path\": \"/a(b)\", \"raw_path\": \"/a(b)\"}",
        "uri.parse", str("https://example.com/a%28b%29"));
    assertCall("{\"scheme\": \"https\", \"hostname\": \"example.com\", \"raw_query\": \"q=1\", \"fragment\": \"frag\"}",
        "uri.parse", str("https://example.com?q=1#frag"));
    assertCall("{\"scheme\": \"mailto\"}", "uri.parse", str("mailto:user@example.com"));
    assertCall("{}", "uri.parse", str(""));
    assertCall("{\"scheme\": \"http\", \"hostname\": \"foo]bar\", \"path\": \"/\", \"raw_path\": \"/\"}",
        "uri.parse", str("http://foo]bar/"));
  }

  @Test
  void rejectsWhatGoRejects() {
    assertFails(ERR, "parse \"http://exa%6dple.com/\": invalid URL escape \"%6d\"", "uri.parse", str("http://exa%6dple.com/"));
    assertFails(ERR, "parse \"http://a<b@example.com/\": net/url: invalid userinfo", "uri.parse", str("http://a<b@example.com/"));
    assertFails(ERR, "invalid port \":٣٤\" after host", "uri.parse", str("http://example.com:٣٤/"));
    assertFails(ERR, "first path segment in URL cannot contain colon", "uri.parse", str("1a:b"));
    assertFails(ERR, "missing protocol scheme", "uri.parse", str(":foo"));
    assertCall("false", "uri.is_valid", str("http://user name@example.com/"));
    assertCall("false", "uri.is_valid", str("http://exa%6dple.com/"));
    assertCall("true", "uri.is_valid", str("http://foo]bar/"));
    assertCall("true", "uri.is_valid", str("https://login.microsoftonline.com/common/oauth2/token"));
  }
}
