package com.aibang.egress.rego.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.SourceFile;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyBundleTest {

    @TempDir
    Path dir;

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> data, String... path) {
        Object current = data;
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    @Test
    void loadsRegoFilesIncludingTestsSortedByRelativePath() throws IOException {
        write("z.rego", "package z");
        write("egress/egress.rego", "package egress");
        write("egress/egress_test.rego", "package egress_test");
        write("README.md", "not policy");

        PolicyBundle bundle = PolicyBundle.load(dir);

        assertEquals(List.of("egress/egress.rego", "egress/egress_test.rego", "z.rego"),
                bundle.modules().stream().map(SourceFile::name).toList());
        assertEquals("package egress", bundle.modules().get(0).content());
    }

    @Test
    void placesDataAtItsDirectoryPathAndMergesObjects() throws IOException {
        write("data.json", "{\"top\": {\"a\": 1}}");
        write("allowlists/data.yaml", "namespaces:\n  api:\n    destinations: []\n");
        write("top/data.yml", "b: two\n");
        write("x/y/data.json", "[1, 2]");

        PolicyBundle bundle = PolicyBundle.load(dir);

        assertEquals(Map.of("destinations", List.of()), at(bundle.data(), "allowlists", "namespaces", "api"));
        assertEquals(BigInteger.ONE, at(bundle.data(), "top", "a"));
        assertEquals("two", at(bundle.data(), "top", "b"));
        assertEquals(List.of(BigInteger.ONE, BigInteger.TWO), at(bundle.data(), "x", "y"));
        assertEquals(List.of("allowlists/data.yaml", "data.json", "top/data.yml", "x/y/data.json"),
                bundle.dataFiles());
    }

    @Test
    void conflictingKeysNameBothFiles() throws IOException {
        write("data.json", "{\"allowlists\": {\"namespaces\": {}}}");
        write("allowlists/data.yaml", "namespaces: []\n");

        PolicyBundleException e = assertThrows(PolicyBundleException.class, () -> PolicyBundle.load(dir));

        assertTrue(e.getMessage().contains("data.allowlists.namespaces"), e.getMessage());
        assertTrue(e.getMessage().contains("data.json"), e.getMessage());
        assertTrue(e.getMessage().contains("allowlists/data.yaml"), e.getMessage());
    }

    @Test
    void jsonAndYamlInTheSameDirectoryConflictOnSharedScalarKeys() throws IOException {
        write("a/data.json", "{\"k\": 1}");
        write("a/data.yaml", "k: 2\n");

        PolicyBundleException e = assertThrows(PolicyBundleException.class, () -> PolicyBundle.load(dir));

        assertTrue(e.getMessage().contains("a/data.json") && e.getMessage().contains("a/data.yaml"), e.getMessage());
    }

    @Test
    void numbersStayExact() throws IOException {
        write("j/data.json", "{\"big\": 123456789012345678901234567890, \"dec\": 0.1, \"exp\": 1e400}");
        write("y/data.yaml", "big: 123456789012345678901234567890\ndec: 0.1\nint: 443\nstamp: 2024-01-01\n");

        PolicyBundle bundle = PolicyBundle.load(dir);

        assertEquals(new BigInteger("123456789012345678901234567890"), at(bundle.data(), "j", "big"));
        assertEquals(new BigDecimal("0.1"), at(bundle.data(), "j", "dec"));
        assertEquals(new BigDecimal("1e400"), at(bundle.data(), "j", "exp"));
        assertEquals(new BigInteger("123456789012345678901234567890"), at(bundle.data(), "y", "big"));
        assertEquals(new BigDecimal("0.1"), at(bundle.data(), "y", "dec"));
        assertEquals(BigInteger.valueOf(443), at(bundle.data(), "y", "int"));
        assertEquals("2024-01-01", at(bundle.data(), "y", "stamp"));
    }

    @Test
    void yamlScalarKeysBecomeStrings() throws IOException {
        write("p/data.yaml", "443: https\n");

        assertEquals("https", at(PolicyBundle.load(dir).data(), "p", "443"));
    }

    @Test
    void skipsHiddenFilesAndDirectories() throws IOException {
        write(".hidden.rego", "package hidden");
        write(".git/data.json", "{\"x\": 1}");
        write("visible.rego", "package visible");

        PolicyBundle bundle = PolicyBundle.load(dir);

        assertEquals(List.of("visible.rego"), bundle.modules().stream().map(SourceFile::name).toList());
        assertTrue(bundle.data().isEmpty());
    }

    @Test
    void loadsAConfigMapMountThroughItsSymlinksOnce() throws IOException {
        // Layout kubelet creates: a timestamped hidden dir, "..data" -> it, and visible symlinks into "..data".
        write("..2026_01_01_00_00_00.000000001/egress.rego", "package egress");
        write("..2026_01_01_00_00_00.000000001/allowlists/data.yaml", "namespaces: {}\n");
        Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2026_01_01_00_00_00.000000001"));
        Files.createSymbolicLink(dir.resolve("egress.rego"), Path.of("..data/egress.rego"));
        Files.createSymbolicLink(dir.resolve("allowlists"), Path.of("..data/allowlists"));

        PolicyBundle bundle = PolicyBundle.load(dir);

        assertEquals(List.of("egress.rego"), bundle.modules().stream().map(SourceFile::name).toList());
        assertEquals(Map.of(), at(bundle.data(), "allowlists", "namespaces"));
        assertEquals(List.of("allowlists/data.yaml"), bundle.dataFiles());
    }

    @Test
    void directorySymlinkCycleIsAnError() throws IOException {
        write("a/p.rego", "package p");
        Files.createSymbolicLink(dir.resolve("a/loop"), Path.of(".."));

        PolicyBundleException e = assertThrows(PolicyBundleException.class, () -> PolicyBundle.load(dir));

        assertTrue(e.getMessage().contains("symlink cycle"), e.getMessage());
    }

    @Test
    void brokenSymlinkToAPolicyFileIsAnError() throws IOException {
        Files.createSymbolicLink(dir.resolve("gone.rego"), Path.of("..data/gone.rego"));

        PolicyBundleException e = assertThrows(PolicyBundleException.class, () -> PolicyBundle.load(dir));

        assertTrue(e.getMessage().contains("gone.rego: broken symlink"), e.getMessage());
    }

    @Test
    void revisionIsAStableSha256OverPathsAndContents() throws IOException {
        write("p.rego", "package p");
        write("d/data.json", "{}");
        PolicyBundle first = PolicyBundle.load(dir);
        PolicyBundle again = PolicyBundle.load(dir);

        assertTrue(first.revision().matches("[0-9a-f]{64}"), first.revision());
        assertEquals(first.revision(), again.revision());
        assertEquals(first.revision().substring(0, 12), first.shortRevision());

        write("p.rego", "package p\n");
        String afterEdit = PolicyBundle.load(dir).revision();
        assertNotEquals(first.revision(), afterEdit);

        Files.move(dir.resolve("p.rego"), dir.resolve("q.rego"));
        assertNotEquals(afterEdit, PolicyBundle.load(dir).revision());
    }

    @Test
    void ignoredFilesDoNotChangeTheRevision() throws IOException {
        write("p.rego", "package p");
        String before = PolicyBundle.load(dir).revision();

        write("notes.txt", "whatever");
        write(".hidden.rego", "package hidden");

        assertEquals(before, PolicyBundle.load(dir).revision());
    }

    @Test
    void missingDirectoryIsAClearError() {
        PolicyBundleException e = assertThrows(PolicyBundleException.class,
                () -> PolicyBundle.load(dir.resolve("nope")));

        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void invalidJsonIsPositioned() throws IOException {
        write("d/data.json", "{\n  \"a\": ,\n}");

        PolicyBundleException e = assertThrows(PolicyBundleException.class, () -> PolicyBundle.load(dir));

        assertTrue(e.getMessage().startsWith("d/data.json:2:"), e.getMessage());
    }

    @Test
    void duplicateKeysAreErrors() throws IOException {
        write("j/data.json", "{\"a\": 1, \"a\": 2}");
        assertThrows(PolicyBundleException.class, () -> PolicyBundle.load(dir));

        Files.delete(dir.resolve("j/data.json"));
        write("y/data.yaml", "a: 1\na: 2\n");
        PolicyBundleException e = assertThrows(PolicyBundleException.class, () -> PolicyBundle.load(dir));
        assertTrue(e.getMessage().startsWith("y/data.yaml:"), e.getMessage());
    }

    @Test
    void rootDataMustBeAnObject() throws IOException {
        write("data.json", "[1]");

        PolicyBundleException e = assertThrows(PolicyBundleException.class, () -> PolicyBundle.load(dir));

        assertTrue(e.getMessage().contains("must be an object"), e.getMessage());
    }

    @Test
    void yamlValuesJsonCannotHoldAreErrors() throws IOException {
        write("y/data.yaml", "n: .nan\n");

        PolicyBundleException e = assertThrows(PolicyBundleException.class, () -> PolicyBundle.load(dir));

        assertTrue(e.getMessage().contains("y/data.yaml"), e.getMessage());
    }

    @Test
    void multipleYamlDocumentsAreAnError() throws IOException {
        write("y/data.yaml", "a: 1\n---\nb: 2\n");

        PolicyBundleException e = assertThrows(PolicyBundleException.class, () -> PolicyBundle.load(dir));

        assertTrue(e.getMessage().contains("2 YAML documents"), e.getMessage());
    }

    @Test
    void invalidUtf8IsAnError() throws IOException {
        Files.write(dir.resolve("bad.rego"), new byte[] {'p', (byte) 0xff, 'x'});

        PolicyBundleException e = assertThrows(PolicyBundleException.class, () -> PolicyBundle.load(dir));

        assertTrue(e.getMessage().contains("bad.rego: not valid UTF-8"), e.getMessage());
    }

    @Test
    void emptyDataFileContributesNothing() throws IOException {
        write("e/data.yaml", "");

        assertTrue(PolicyBundle.load(dir).data().isEmpty());
    }

    @Test
    void layersSeveralDirectoriesDeepMergingTheirData() throws IOException {
        write("base/egress/egress.rego", "package egress");
        write("base/allowlists/data.yaml", "namespaces:\n  api:\n    destinations: []\n");
        write("dev/allowlists/data.yaml", "namespaces:\n  local-dev:\n    destinations: []\n");

        PolicyBundle bundle = PolicyBundle.load(List.of(dir.resolve("base"), dir.resolve("dev")));

        assertEquals(List.of(dir.resolve("base/egress/egress.rego").toString()),
                bundle.modules().stream().map(SourceFile::name).toList());
        assertEquals(dir.resolve("base/egress/egress.rego"), bundle.pathOf(bundle.modules().get(0).name()));
        assertEquals(java.util.Set.of("api", "local-dev"),
                ((Map<?, ?>) at(bundle.data(), "allowlists", "namespaces")).keySet());
        assertEquals(List.of(dir.resolve("base/allowlists/data.yaml").toString(),
                dir.resolve("dev/allowlists/data.yaml").toString()), bundle.dataFiles());
    }

    @Test
    void layeredDirectoriesDefiningTheSameKeyConflictNamingBothFiles() throws IOException {
        write("base/allowlists/data.yaml", "tier1_source_cidrs: [10.0.0.0/8]\n");
        write("dev/allowlists/data.yaml", "tier1_source_cidrs: [127.0.0.1/32]\n");

        PolicyBundleException e = assertThrows(PolicyBundleException.class,
                () -> PolicyBundle.load(List.of(dir.resolve("base"), dir.resolve("dev"))));

        assertTrue(e.getMessage().contains(dir.resolve("base/allowlists/data.yaml").toString())
                && e.getMessage().contains(dir.resolve("dev/allowlists/data.yaml").toString()), e.getMessage());
    }

    @Test
    void layeredRevisionDoesNotDependOnWhereTheDirectoriesAreMounted() throws IOException {
        write("a/one/p.rego", "package p");
        write("a/two/q.rego", "package q");
        write("b/one/p.rego", "package p");
        write("b/two/q.rego", "package q");

        String first = PolicyBundle.load(List.of(dir.resolve("a/one"), dir.resolve("a/two"))).revision();
        String second = PolicyBundle.load(List.of(dir.resolve("b/one"), dir.resolve("b/two"))).revision();

        assertEquals(first, second);
        assertNotEquals(first, PolicyBundle.load(List.of(dir.resolve("a/two"), dir.resolve("a/one"))).revision());
    }

    @Test
    void singleDirectoryPathOfResolvesRelativeNames() throws IOException {
        write("x/p.rego", "package p");

        assertEquals(dir.resolve("x/p.rego"), PolicyBundle.load(dir).pathOf("x/p.rego"));
    }
}
