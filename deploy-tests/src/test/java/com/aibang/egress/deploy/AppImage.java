package com.aibang.egress.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.images.builder.ImageFromDockerfile;

/** An app's image, built from its own src/main/docker/Dockerfile.jvm and its packaged fast-jar. */
final class AppImage {

    static final String DOCKERFILE = "src/main/docker/Dockerfile.jvm";
    static final String QUARKUS_APP = "target/quarkus-app";

    private AppImage() {
    }

    /** A lazily built image; the build never pulls (classic builder, pull=false) and is removed when the JVM exits. */
    static ImageFromDockerfile of(String app, String baseImage) {
        Path module = RepoRoot.get().resolve(app);
        Path runner = module.resolve(QUARKUS_APP).resolve("quarkus-run.jar");
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException(runner + " is missing: package the app first (./mvnw -B package -pl " + app + ")");
        }
        String tag = "egress-deploy-test/" + app + ":" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        ImageFromDockerfile image = new ImageFromDockerfile(tag, true)
                .withFileFromPath(DOCKERFILE, module.resolve(DOCKERFILE))
                .withFileFromPath(QUARKUS_APP, module.resolve(QUARKUS_APP))
                .withDockerfilePath(DOCKERFILE)
                .withBuildImageCmdModifier(cmd -> cmd.withPull(false));
        return baseImage == null ? image : image.withBuildArg("BASE_IMAGE", baseImage);
    }
}
