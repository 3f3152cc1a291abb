package com.aibang.egress.policyservice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.bundle.PolicyBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {

    static final Path REAL_POLICIES = Path.of("../policies");

    @TempDir
    Path dir;

    @Test
    void loadsTheRealPolicyDirectory() {
        LoadedPolicy loaded = PolicyLoader.load(REAL_POLICIES);

        assertEquals(PolicyBundle.load(REAL_POLICIES).revision(), loaded.revision());
        assertEquals(loaded.revision().substring(0, 12), loaded.shortRevision());
        assertTrue(loaded.moduleCount() >= 2, "egress.rego and its tests");
        assertEquals(2, loaded.dataFileCount(), "allowlists and limits");
        Optional<Object> decision = loaded.policy().evaluate("data.egress.decision", Map.of(
                "tier", "edge",
                "source", Map.of("ip", "10.1.1.1", "namespace", "api"),
                "destination", Map.of("host", "login.microsoft.com", "port", 443)));
        assertEquals(Boolean.TRUE, ((Map<?, ?>) decision.orElseThrow()).get("allow"));
    }

    @Test
    void compileErrorIsReportedWithFileLineAndColumn() throws IOException {
        Files.writeString(dir.resolve("ok.rego"), "package ok\n\nimport rego.v1\n\nx := 1\n");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/broken.rego"), "package broken\n\nimport rego.v1\n\nallow if {\n  input.x ==\n");

        PolicyLoadException e = assertThrows(PolicyLoadException.class, () -> PolicyLoader.load(dir));

        assertTrue(e.getMessage().startsWith("policy directory " + dir.toAbsolutePath() + " does not compile:\n"),
                e.getMessage());
        String file = java.util.regex.Pattern.quote(dir.resolve("sub/broken.rego").toString());
        assertTrue(e.getMessage().matches("(?s).*\n" + file + ":\\d+:\\d+: rego_[a-z_]+_error: .+"), e.getMessage());
    }

    @Test
    void unsafeVariableIsACompileError() throws IOException {
        Files.writeString(dir.resolve("unsafe.rego"), "package unsafe\n\nimport rego.v1\n\nallow if {\n  y > 1\n}\n");

        PolicyLoadException e = assertThrows(PolicyLoadException.class, () -> PolicyLoader.load(dir));

        assertTrue(e.getMessage().contains(dir.resolve("unsafe.rego") + ":6:"), e.getMessage());
    }

    @Test
    void conflictingDataIsReportedWithBothFiles() throws IOException {
        Files.writeString(dir.resolve("p.rego"), "package p\n");
        Files.writeString(dir.resolve("data.json"), "{\"allowlists\": {\"namespaces\": 1}}");
        Files.createDirectories(dir.resolve("allowlists"));
        Files.writeString(dir.resolve("allowlists/data.yaml"), "namespaces: {}\n");

        PolicyLoadException e = assertThrows(PolicyLoadException.class, () -> PolicyLoader.load(dir));

        assertTrue(e.getMessage().contains("data.json") && e.getMessage().contains("allowlists/data.yaml"),
                e.getMessage());
    }

    @Test
    void missingDirectoryIsAClearError() {
        PolicyLoadException e = assertThrows(PolicyLoadException.class, () -> PolicyLoader.load(dir.resolve("absent")));

        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void directoryWithoutRegoFilesIsAnError() throws IOException {
        Files.writeString(dir.resolve("data.json"), "{}");

        PolicyLoadException e = assertThrows(PolicyLoadException.class, () -> PolicyLoader.load(dir));

        assertTrue(e.getMessage().endsWith("no .rego files found"), e.getMessage());
    }

    @Test
    void layersAnOverlayDirectoryOnTopOfTheRealPolicies() throws IOException {
        Path overlay = dir.resolve("dev");
        Files.createDirectories(overlay.resolve("allowlists"));
        Files.writeString(overlay.resolve("allowlists/data.yaml"),
                "namespaces:\n  local-dev:\n    destinations:\n      - host: localhost\n        ports: [\"*\"]\n");

        LoadedPolicy loaded = PolicyLoader.load(java.util.List.of(REAL_POLICIES, overlay));

        assertEquals(3, loaded.dataFileCount());
        for (String namespace : java.util.List.of("local-dev", "api")) {
            String host = namespace.equals("api") ? "login.microsoft.com" : "localhost";
            Optional<Object> decision = loaded.policy().evaluate("data.egress.decision", Map.of(
                    "tier", "edge",
                    "source", Map.of("ip", "127.0.0.1", "namespace", namespace),
                    "destination", Map.of("host", host, "port", 443)));
            assertEquals(Boolean.TRUE, ((Map<?, ?>) decision.orElseThrow()).get("allow"), namespace);
        }
    }

    @Test
    void compileErrorInALayeredDirectoryNamesTheFileUnderItsDirectory() throws IOException {
        Path overlay = dir.resolve("overlay");
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("bad.rego"), "package bad\n\nimport rego.v1\n\nx := \n");

        PolicyLoadException e = assertThrows(PolicyLoadException.class,
                () -> PolicyLoader.load(java.util.List.of(REAL_POLICIES, overlay)));

        assertTrue(e.getMessage().contains("\n" + overlay.resolve("bad.rego") + ":"), e.getMessage());
    }
}
