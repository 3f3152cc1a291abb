package com.aibang.egress.egress.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.AccessEntry;
import com.aibang.egress.proxy.ProxyMetrics;
import com.aibang.egress.proxy.ProxyTier;
import com.aibang.egress.proxy.target.Target;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The inspector's settings: non-TLS on 443, missing SNI, oversized hello. */
class SniInspectorTest {

    private static EmbeddedChannel channel(SniCheck check, int port, AccessEntry entry) {
        return new EmbeddedChannel(check.inspect(new Target("a.test", port, ""), entry));
    }

    private static SniCheck check(boolean nonTlsOn443, boolean missing, int max) {
        return new SniCheck(ProxyMetrics.inMemory(ProxyTier.EGRESS), nonTlsOn443, missing, max, null);
    }

    private static ByteBuf text(String value) {
        return Unpooled.copiedBuffer(value, StandardCharsets.US_ASCII);
    }

    @Test
    void nonTlsOn443IsClosedUnlessAllowed() {
        AccessEntry entry = new AccessEntry();
        EmbeddedChannel refused = channel(check(false, false, 4096), 443, entry);
        refused.writeInbound(text("GET / HTTP/1.1\r\n"));
        assertFalse(refused.isActive());
        assertNull(refused.readInbound());
        assertEquals(SniCheck.NOT_TLS, entry.extra("end"));

        EmbeddedChannel allowed = channel(check(true, false, 4096), 443, new AccessEntry());
        allowed.writeInbound(text("GET / HTTP/1.1\r\n"));
        assertTrue(allowed.isActive());
        ByteBuf passed = allowed.readInbound();
        assertEquals("GET / HTTP/1.1\r\n", passed.toString(StandardCharsets.US_ASCII));
        passed.release();
    }

    @Test
    void missingServerNameIsClosedUnlessAllowed() throws Exception {
        byte[] hello = com.aibang.egress.egress.ClientHellos.of(null);
        AccessEntry entry = new AccessEntry();
        EmbeddedChannel refused = channel(check(false, false, 32768), 443, entry);
        refused.writeInbound(Unpooled.wrappedBuffer(hello));
        assertFalse(refused.isActive());
        assertEquals(SniCheck.SNI_MISSING, entry.extra("end"));

        EmbeddedChannel allowed = channel(check(false, true, 32768), 443, new AccessEntry());
        allowed.writeInbound(Unpooled.wrappedBuffer(hello));
        assertTrue(allowed.isActive());
        ByteBuf passed = allowed.readInbound();
        assertEquals(hello.length, passed.readableBytes());
        passed.release();
    }

    @Test
    void helloLargerThanTheBoundIsClosed() {
        AccessEntry entry = new AccessEntry();
        EmbeddedChannel channel = channel(check(false, false, 512), 443, entry);
        // A handshake record header announcing more than the bound, then bytes up to past it.
        ByteBuf start = Unpooled.buffer();
        start.writeBytes(new byte[] {22, 3, 1, 0x40, 0x00, 1, 0, 0x3f, (byte) 0xfc});
        start.writeZero(600);
        channel.writeInbound(start);
        assertFalse(channel.isActive());
        assertEquals(SniCheck.TOO_LARGE, entry.extra("end"));
    }
}
