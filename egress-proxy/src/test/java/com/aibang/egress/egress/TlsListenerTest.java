package com.aibang.egress.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.proxy.ListenerSecurity;
import com.aibang.egress.proxy.ProxyHeaders;
import com.aibang.egress.proxy.ProxyTier;
import com.aibang.egress.proxy.testing.PolicyServerDouble;
import com.aibang.egress.proxy.testing.RawHttp;
import com.aibang.egress.proxy.testing.RecordingUpstream;
import com.aibang.egress.proxy.ProxyServer;
import com.aibang.egress.proxy.ProxyServerOptions;
import com.aibang.egress.proxy.ProxySettings;
import com.aibang.egress.proxy.policy.GrpcPolicyGate;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import com.aibang.egress.proxy.upstream.ParentMember;
import com.aibang.egress.proxy.upstream.ParentPool;
import com.aibang.egress.proxy.upstream.ParentProxyRoute;
import com.aibang.egress.proxy.upstream.RouteTable;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 1 -> tier 2 over TLS with client certificates; a client without a valid certificate is refused. */
class TlsListenerTest {

    @TempDir
    Path dir;

    @Test
    void tier1WithClientCertificateIsServedAndOthersAreRefused() throws Exception {
        TestPki pki = TestPki.create(dir, "tier2-ca");
        Path[] server = pki.issue("tier2", "egress.test");
        Path[] tier1 = pki.issue("tier1", "edge.test");
        TestPki otherPki = TestPki.create(java.nio.file.Files.createDirectories(dir.resolve("other")), "rogue-ca");
        otherPki.issue("rogue", "rogue.test");
        Path rogue = otherPki.keyStore("rogue");
        SslContext listenerTls = SslContextBuilder.forServer(server[0].toFile(), server[1].toFile())
                .trustManager(pki.caCertificate.toFile()).clientAuth(ClientAuth.REQUIRE).build();
        try (RecordingUpstream origin = RecordingUpstream.http();
                Tier2 tier2 = new Tier2(Tier2.allow(Set.of("allowed.test")), "127.0.0.1 allowed.test\n",
                        builder -> builder.listener(new ListenerSecurity(
                                SourceRanges.parse(List.of("127.0.0.0/8")), listenerTls)));
                PolicyServerDouble edgePolicy = new PolicyServerDouble(PolicyServerDouble::defaultRules).start()) {
            SslContext towardsTier2 = SslContextBuilder.forClient().trustManager(pki.caCertificate.toFile())
                    .keyManager(tier1[0].toFile(), tier1[1].toFile()).build();
            ParentPool pool = new ParentPool("default", List.of(new ParentMember("127.0.0.1", tier2.port(), 1)),
                    Duration.ofSeconds(5), null, towardsTier2, 1);
            ManagedChannel edgeChannel = ManagedChannelBuilder.forAddress("127.0.0.1", edgePolicy.port()).usePlaintext()
                    .build();
            ProxyServer edge = new ProxyServer(ProxyServerOptions.builder(ProxySettings.defaults(ProxyTier.EDGE,
                    "127.0.0.1", 0), new GrpcPolicyGate(edgeChannel, Duration.ofSeconds(30)))
                    .routes(RouteTable.of(List.of(new ParentProxyRoute(pool, null)), "default"))
                    .drainTimeout(Duration.ZERO).build());
            edge.start();
            try (edge;
                    RawHttp client = new RawHttp(edge.boundAddress().getPort())) {
                RawHttp.Response response = client.send("GET http://allowed.test:" + origin.port()
                        + "/via-tls HTTP/1.1\r\nHost: allowed.test\r\n\r\n").read();
                assertEquals(200, response.status());
                assertEquals(RecordingUpstream.HELLO, response.body());
            } finally {
                edgeChannel.shutdownNow();
            }
            RecordingUpstream.Seen seen = origin.seen().get(0);
            assertEquals("/via-tls", seen.uri());
            assertTrue(!seen.hasHeader(ProxyHeaders.REQUEST_ID));
            assertEquals(1, tier2.policy.received().size());

            // No client certificate, or one from another CA: the handshake fails, nothing is asked or relayed.
            assertThrows(IOException.class, () -> connectWith(pki.caCertificate, null, tier2.port()));
            assertThrows(IOException.class, () -> connectWith(pki.caCertificate, rogue, tier2.port()));
            assertEquals(1, tier2.policy.received().size());
        }
    }

    /** A TLS client trusting the tier-2 CA, presenting the key store's certificate when given, sending one CONNECT. */
    private static void connectWith(Path ca, Path clientKeyStore, int port) throws Exception {
        SSLContext jdk = jdkContext(ca, clientKeyStore);
        try (SSLSocket socket = (SSLSocket) jdk.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            socket.getOutputStream().write("CONNECT allowed.test:1 HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // TLS 1.3 reports a refused client certificate only on the first read.
            if (socket.getInputStream().read() < 0) {
                throw new IOException("closed by tier 2");
            }
        }
    }

    private static SSLContext jdkContext(Path ca, Path clientKeyStore) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = java.nio.file.Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        javax.net.ssl.KeyManager[] keys = null;
        if (clientKeyStore != null) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (var in = java.nio.file.Files.newInputStream(clientKeyStore)) {
                store.load(in, TestPki.PASSWORD.toCharArray());
            }
            javax.net.ssl.KeyManagerFactory factory = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, TestPki.PASSWORD.toCharArray());
            keys = factory.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trustManagers.getTrustManagers(), null);
        return context;
    }
}
