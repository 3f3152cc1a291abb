package com.aibang.egress.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * An app container the way the manifests run it: host networking only (no Docker bridge exists here),
 * read-only root filesystem, tmpfs on /tmp, the image's non-root user; ready when /q/health/ready answers.
 */
final class HostNetworkContainer extends GenericContainer<HostNetworkContainer> {

    private final Set<Integer> ports;

    HostNetworkContainer(Future<String> image, int healthPort, Set<Integer> listenPorts, Path logFile) {
        super(image);
        this.ports = listenPorts;
        withNetworkMode("host");
        withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=64m"));
        withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withReadonlyRootfs(true));
        withLogConsumer(frame -> append(logFile, frame.getUtf8String()));
        waitingFor(Wait.forHttp("/q/health/ready").forPort(healthPort).withStartupTimeout(Duration.ofMinutes(3)));
    }

    /** Mounts a host file or directory read-only, like a ConfigMap volume. */
    HostNetworkContainer withReadOnlyMount(Path hostPath, String containerPath) {
        return withFileSystemBind(hostPath.toString(), containerPath, BindMode.READ_ONLY);
    }

    /** With host networking a container port is the host port: nothing is mapped. */
    @Override
    public Integer getMappedPort(int originalPort) {
        return originalPort;
    }

    @Override
    public Set<Integer> getLivenessCheckPortNumbers() {
        return ports;
    }

    private static void append(Path logFile, String text) {
        try {
            Files.writeString(logFile, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
