package com.aibang.egress.proxy.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Normalisation and rejection of request targets. */
class TargetParserTest {

    @ParameterizedTest
    @CsvSource({
            "http://Login.Microsoft.COM/path?q=1, login.microsoft.com, 80, /path?q=1",
            "http://login.microsoft.com.:8080, login.microsoft.com, 8080, /",
            "http://bücher.example/x, xn--bcher-kva.example, 80, /x",
            "http://[::FFFF:0:1]:81/, ::ffff:0:1, 81, /",
            "http://[2001:DB8:0:0::1]/, 2001:db8::1, 80, /",
            "http://127.000.0.1/, 127.0.0.1, 80, /",
            "HTTP://example.com?x, example.com, 80, /?x",
            // raw UTF-8 on the wire arrives one char per byte (HOSTILE_BUGS HB-3)
            "http://b\u00c3\u00bccher.example/x, xn--bcher-kva.example, 80, /x",
            "http://127.0.0.07/, 127.0.0.7, 80, /",
    })
    void absoluteFormIsNormalised(String uri, String host, int port, String pathAndQuery) throws Exception {
        Target target = TargetParser.parseAbsolute(uri);
        assertEquals(host, target.host());
        assertEquals(port, target.port());
        assertEquals(pathAndQuery, target.pathAndQuery());
    }

    @ParameterizedTest
    @CsvSource({
            "Example.COM:443, example.com, 443, example.com:443",
            "[::1]:8443, ::1, 8443, [::1]:8443",
            "10.0.0.1:22, 10.0.0.1, 22, 10.0.0.1:22",
    })
    void connectAuthorityIsNormalised(String authority, String host, int port, String normalised) throws Exception {
        Target target = TargetParser.parseConnect(authority);
        assertEquals(host, target.host());
        assertEquals(port, target.port());
        assertEquals(normalised, target.authority());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/origin-form", "*", "https://example.com/", "ftp://example.com/", "http://", "http:///x",
            "http://user@example.com/", "http://example.com:0/", "http://example.com:65536/", "http://example.com:8x/",
            "http://exa mple.com/", "http://-bad-.com/", "http://a..b/", "http://2130706433/", "http://0x7f.1/",
            "http://example.com%2f/", "http://[fe80::1%25eth0]/", "http://[::1/", "http://::1/",
            // HOSTILE_BUGS HB-3 (controls in the target) and HB-5 (octal-looking octets)
            "http://example.com/a\u0000b", "http://example.com/a\rb", "http://127.0.0.022/", "http://010.0.0.1/"})
    void badAbsoluteTargetsAreRejected(String uri) {
        assertThrows(InvalidTargetException.class, () -> TargetParser.parseAbsolute(uri));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "example.com:", "example.com:0", "example.com:99999", "user@example.com:443",
            ":443", "[::1]", "[::1]x:443"})
    void badConnectTargetsAreRejected(String authority) {
        assertThrows(InvalidTargetException.class, () -> TargetParser.parseConnect(authority));
    }
}
