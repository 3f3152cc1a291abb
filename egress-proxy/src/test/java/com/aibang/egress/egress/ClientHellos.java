package com.aibang.egress.egress;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** Real ClientHello bytes made by the JDK's TLS engine, optionally split over two TLS records. */
public final class ClientHellos {

    private ClientHellos() {
    }

    /** A ClientHello naming {@code serverName}, or none when null. */
    public static byte[] of(String serverName) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    /** The same handshake message carried in two TLS records, split {@code at} bytes into the payload. */
    static byte[] fragmented(byte[] record, int at) {
        byte[] payload = Arrays.copyOfRange(record, 5, record.length);
        byte[] first = Arrays.copyOfRange(payload, 0, at);
        byte[] second = Arrays.copyOfRange(payload, at, payload.length);
        ByteBuffer out = ByteBuffer.allocate(10 + payload.length);
        out.put(record, 0, 3).putShort((short) first.length).put(first);
        out.put(record, 0, 3).putShort((short) second.length).put(second);
        return out.array();
    }
}
