package com.aibang.egress.e2e.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/** A TCP echo server on 127.0.0.1 with one selector thread, so thousands of idle tunnels cost the test one thread. */
final class EchoServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread thread;
    private final AtomicInteger open = new AtomicInteger();
    private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);

    EchoServer() throws IOException {
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::loop, "echo-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    /** Connections currently open (accepted and not yet closed by the peer). */
    int openConnections() {
        return open.get();
    }

    private void loop() {
        while (selector.isOpen()) {
            try {
                selector.select(500);
                if (!selector.isOpen()) {
                    return;
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.isReadable()) {
                        echo(key);
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | ClosedSelectorException e) {
                return;
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            open.incrementAndGet();
        }
    }

    /** Echoes what arrived; the replies are tiny, so a blocking-free write of them completes at once. */
    private void echo(SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        buffer.clear();
        try {
            int read = channel.read(buffer);
            if (read < 0) {
                closeQuietly(key);
                return;
            }
            buffer.flip();
            channel.write(buffer);
        } catch (IOException e) {
            closeQuietly(key);
        }
    }

    private void closeQuietly(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // already gone
        }
        open.decrementAndGet();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        selector.close();
        server.close();
        thread.join(2000);
    }
}
