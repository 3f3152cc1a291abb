package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.aibang.egress.egress.sni.ClientHelloParser;
import com.aibang.egress.egress.sni.ClientHelloParser.Kind;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The ClientHello parser on real JDK ClientHellos: whole, fragmented, truncated, absent, corrupt. */
class ClientHelloParserTest {

    private static ClientHelloParser.Result parse(byte[] bytes) {
        return ClientHelloParser.parse(Unpooled.wrappedBuffer(bytes));
    }

    @Test
    void readsTheServerName() throws Exception {
        ClientHelloParser.Result result = parse(ClientHellos.of("login.example.com"));
        assertEquals(Kind.CLIENT_HELLO, result.kind());
        assertEquals("login.example.com", result.serverName());
    }

    @Test
    void readsAcrossRecordsAndNeedsEveryByte() throws Exception {
        byte[] fragmented = ClientHellos.fragmented(ClientHellos.of("x.example.org"), 10);
        assertEquals("x.example.org", parse(fragmented).serverName());
        for (int cut : new int[] {1, 4, 5, 20, fragmented.length - 1}) {
            assertEquals(Kind.NEED_MORE, parse(Arrays.copyOf(fragmented, cut)).kind(), "cut at " + cut);
        }
    }

    @Test
    void helloWithoutServerName() throws Exception {
        ClientHelloParser.Result result = parse(ClientHellos.of(null));
        assertEquals(Kind.CLIENT_HELLO, result.kind());
        assertNull(result.serverName());
    }

    @Test
    void plainTextIsNotTls() {
        assertEquals(Kind.NOT_TLS, parse("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)).kind());
    }

    @Test
    void corruptLengthsAreMalformedNotAnException() throws Exception {
        byte[] hello = ClientHellos.of("a.example");
        // Claim a huge extensions block inside an otherwise complete record.
        for (int i = 45; i < hello.length; i += 7) {
            byte[] corrupt = hello.clone();
            corrupt[i] = (byte) 0xff;
            Kind kind = parse(corrupt).kind();
            // Any answer but an exception is fine; a changed byte may still leave a valid hello.
            org.junit.jupiter.api.Assertions.assertNotNull(kind);
        }
        byte[] notHello = hello.clone();
        notHello[5] = 2; // ServerHello type
        assertEquals(Kind.MALFORMED, parse(notHello).kind());
    }
}
