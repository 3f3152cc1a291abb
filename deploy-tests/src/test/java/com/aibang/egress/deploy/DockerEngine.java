package com.aibang.egress.deploy;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/** The Docker engine the container tests use, found the way Testcontainers finds it (DOCKER_HOST, ...). */
final class DockerEngine {

    /** Environment variable naming the base image for the app images (the Dockerfiles' default otherwise). */
    static final String BASE_IMAGE_ENV = "DEPLOY_TESTS_BASE_IMAGE";
    /** docker-java reads the API version from this system property. */
    /** Set to true where the container tests must run (CI after .ci/docker-setup.sh): missing Docker then fails. */
    static final String REQUIRE_ENV = "DEPLOY_TESTS_REQUIRE_DOCKER";
    private static final String API_VERSION_PROPERTY = "api.version";
    private static final String API_VERSION_ENV = "DOCKER_API_VERSION";
    private static final String HOW_TO_GET_ONE = "run `eval \"$(bash .ci/docker-setup.sh)\"` as root (starts a private"
            + " dockerd and builds a local Java base image), or point DOCKER_HOST at a Docker engine";

    private DockerEngine() {
    }

    /** Skips the calling test, saying what is missing, when no engine answers. */
    static void assumeAvailable() {
        // Testcontainers 2.x asks for API 1.44 unless told otherwise; Debian's engine speaks 1.41.
        String apiVersion = System.getenv(API_VERSION_ENV);
        if (apiVersion != null && !apiVersion.isBlank() && System.getProperty(API_VERSION_PROPERTY) == null) {
            System.setProperty(API_VERSION_PROPERTY, apiVersion);
        }
        boolean available;
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            available = false;
        }
        skipUnless(available, "no Docker engine reachable (DOCKER_HOST=" + System.getenv("DOCKER_HOST") + "): "
                + HOW_TO_GET_ONE);
    }

    /** The base image to build on, or null for the Dockerfiles' default; skips when it is not present locally. */
    static String baseImage() {
        String configured = System.getenv(BASE_IMAGE_ENV);
        if (configured == null || configured.isBlank()) {
            return null;
        }
        boolean present;
        try {
            DockerClientFactory.instance().client().inspectImageCmd(configured).exec();
            present = true;
        } catch (RuntimeException e) {
            present = false;
        }
        skipUnless(present, "base image " + configured + " (" + BASE_IMAGE_ENV + ") is not in the engine: " + HOW_TO_GET_ONE);
        return configured;
    }

    /**
     * Skips (or fails, when {@value #REQUIRE_ENV}=true, for CI that must run them) unless the condition holds.
     * A class-level skip shows up only as "Tests run: 0" in the build log, so the reason is printed too.
     */
    private static void skipUnless(boolean condition, String reason) {
        if (condition) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv(REQUIRE_ENV))) {
            Assertions.fail(reason + " (" + REQUIRE_ENV + "=true)");
        }
        System.err.println("deploy-tests: SKIPPING the container tests: " + reason);
        Assumptions.abort(reason);
    }
}
