package com.aibang.egress.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The strict parser accepts valid objects and names every field or kind the model does not know. */
class StrictManifestParserTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              %s: 2
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  containers:
                    - name: demo
                      image: demo:1
                      %s: {runAsNonRoot: true}
            """;

    private final StrictManifestParser parser = new StrictManifestParser();

    @Test
    void validObjectsParseIntoTheModel() throws IOException {
        var objects = parser.parse(DEPLOYMENT.formatted("replicas", "securityContext"));
        assertEquals(1, objects.size());
        assertEquals(2, ((Deployment) objects.get(0)).getSpec().getReplicas());
    }

    @Test
    void misspelledFieldsAreRejectedWithTheirPath() {
        IOException error = assertThrows(IOException.class,
                () -> parser.parse(DEPLOYMENT.formatted("replica", "securityContex")));
        assertTrue(error.getMessage().contains(".spec.replica"), error.getMessage());
        assertTrue(error.getMessage().contains("securityContex"), error.getMessage());
    }

    @Test
    void managedPrometheusKindsAreHeldToTheirSchema() throws IOException {
        String rules = """
                apiVersion: monitoring.googleapis.com/v1
                kind: Rules
                metadata: {name: alerts}
                spec:
                  groups:
                    - name: g
                      rules:
                        - alert: A
                          expr: up == 0
                          %s: 5m
                """;
        assertEquals(1, parser.parse(rules.formatted("for")).size());
        IOException error = assertThrows(IOException.class, () -> parser.parse(rules.formatted("fore")));
        assertTrue(error.getMessage().contains("fore"), error.getMessage());
    }

    @Test
    void kindsOutsideTheAllowedListAreRejected() {
        IOException error = assertThrows(IOException.class, () -> parser.parse("""
                apiVersion: v1
                kind: Pod
                metadata: {name: stray}
                """));
        assertTrue(error.getMessage().contains("v1/Pod"), error.getMessage());
    }

    @Test
    void wronglyTypedValuesAreRejected() {
        assertThrows(IOException.class, () -> parser.parse(DEPLOYMENT.formatted("replicas: [1]\n  x", "securityContext")));
    }
}
