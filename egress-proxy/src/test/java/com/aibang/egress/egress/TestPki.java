package com.aibang.egress.egress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA and leaf certificates made at test time with the JDK's keytool; everything is written
 * as PEM files (certificate, PKCS#8 key) the way an operator would configure them.
 */
final class TestPki {

    static final String PASSWORD = "changeit";
    private final Path dir;
    final Path caCertificate;

    private TestPki(Path dir) {
        this.dir = dir;
        this.caCertificate = dir.resolve("ca.pem");
    }

    /** Creates a CA named {@code name} in {@code dir}. */
    static TestPki create(Path dir, String name) throws Exception {
        TestPki pki = new TestPki(dir);
        pki.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12", "-keystore", pki.store("ca").toString());
        pki.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", pki.store("ca").toString(),
                "-file", pki.caCertificate.toString());
        return pki;
    }

    /**
     * A leaf signed by the CA, valid for 127.0.0.1 and {@code dnsName}.
     *
     * @return {certificate PEM, private key PEM}
     */
    Path[] issue(String name, String dnsName) throws Exception {
        Path store = store(name);
        Path request = dir.resolve(name + ".csr");
        Path certificate = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + dnsName,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString());
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", store("ca").toString(), "-infile", request.toString(),
                "-outfile", certificate.toString(), "-validity", "2",
                "-ext", "san=ip:127.0.0.1,dns:" + dnsName);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        byte[] pkcs8 = keyStore.getKey(name, PASSWORD.toCharArray()).getEncoded();
        Path key = dir.resolve(name + "-key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n");
        return new Path[] {certificate, key};
    }

    /** The PKCS#12 key store holding {@code name}'s key and certificate. */
    Path keyStore(String name) {
        return store(name);
    }

    private Path store(String name) {
        return dir.resolve(name + ".p12");
    }

    private void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storepass", PASSWORD, "-noprompt"));
        if (List.of(arguments).contains("-genkeypair")) {
            command.addAll(List.of("-keypass", PASSWORD));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + arguments[0] + " failed: " + output);
        }
    }
}
