package com.aibang.egress.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A raw socket client for proxy tests: writes bytes as given and parses Content-Length responses. */
public final class RawHttp implements AutoCloseable {

    /** A parsed response; header names lower-cased. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;

    public RawHttp(int port) throws IOException {
        this(null, port);
    }

    /** Connects from a given local address (distinct loopback addresses are distinct identities). */
    public RawHttp(String localAddress, int port) throws IOException {
        socket = new Socket();
        socket.setSoTimeout(30_000);
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        in = socket.getInputStream();
    }

    public RawHttp send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads one response head and, if it has a Content-Length, its body. */
    public Response read() throws IOException {
        return readFrom(in);
    }

    private static Response readFrom(InputStream in) throws IOException {
        String head = HttpHeads.readHead(in).trim();
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String length = headers.get("content-length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** True when the proxy has closed the connection (end of stream). */
    public boolean closedByPeer() throws IOException {
        return in.read() < 0;
    }

    public Socket socket() {
        return socket;
    }

    /**
     * Opens a CONNECT tunnel to {@code host:port}, speaks TLS through it and sends one GET with
     * {@code Connection: close}; returns the origin's answer. The tunnel is closed afterwards.
     */
    public Response tlsGetThroughTunnel(javax.net.ssl.SSLContext context, String host, int port, String path)
            throws IOException {
        Response established = send("CONNECT " + host + ":" + port + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\n\r\n").read();
        if (established.status() != 200) {
            return established;
        }
        try (javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket(socket, host, port, true)) {
            tls.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            tls.getOutputStream().flush();
            return readFrom(tls.getInputStream());
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
