package io.minetwin.engine.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that the fault suite puts between the engine and the equipment, to cut the
 * network as a broken link would: while {@link #cut() cut}, nothing is forwarded in either direction on
 * open connections (they hang, as over a dead link, until keep-alives time out) and new connections are
 * dropped at once; {@link #restore()} closes the connections that lived through the cut and forwards again.
 * This is test infrastructure, forwarding bytes; it knows nothing of OPC UA.
 *
 * <p>One thread accepts; each connection has one thread per direction, copying with blocking channels.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocketChannel server;
    private final InetSocketAddress target;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicLong connections = new AtomicLong();
    private final Thread acceptor;
    private final Object gate = new Object();
    private volatile boolean cut;
    private volatile boolean closed;

    private TcpProxy(ServerSocketChannel server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
        this.acceptor = new Thread(this::accept, "fault-proxy-accept");
        this.acceptor.setDaemon(true);
    }

    /** Listens on a free port of 127.0.0.1, forwarding to {@code targetPort} there. */
    static TcpProxy start(int targetPort) throws IOException {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(new InetSocketAddress(lo, 0));
        TcpProxy p = new TcpProxy(s, new InetSocketAddress(lo, targetPort));
        p.acceptor.start();
        return p;
    }

    int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("the proxy is closed", e);
        }
    }

    /** Connections accepted so far. */
    long connections() {
        return connections.get();
    }

    /** Stops forwarding: open connections hang, new ones are dropped. */
    void cut() {
        cut = true;
    }

    /** Closes the connections that lived through the cut and forwards again. */
    void restore() {
        for (Link l : links) {
            l.close();
        }
        synchronized (gate) {
            cut = false;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            try {
                SocketChannel upstream = SocketChannel.open(target);
                connections.incrementAndGet();
                Link l = new Link(client, upstream);
                links.add(l);
                l.start();
            } catch (IOException e) {
                closeQuietly(client); // the equipment is down: refused, as it would be without the proxy
            }
        }
    }

    /** Blocks while the network is cut. */
    private void awaitLink() throws InterruptedException {
        synchronized (gate) {
            while (cut && !closed) {
                gate.wait(100);
            }
        }
    }

    private final class Link {
        private final SocketChannel a;
        private final SocketChannel b;

        Link(SocketChannel a, SocketChannel b) {
            this.a = a;
            this.b = b;
        }

        void start() {
            Thread up = new Thread(() -> copy(a, b), "fault-proxy-up");
            Thread down = new Thread(() -> copy(b, a), "fault-proxy-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        private void copy(SocketChannel from, SocketChannel to) {
            ByteBuffer buf = ByteBuffer.allocateDirect(64 << 10);
            try {
                while (true) {
                    awaitLink();
                    buf.clear();
                    if (from.read(buf) < 0) {
                        break;
                    }
                    buf.flip();
                    awaitLink(); // what was read when the link broke is never delivered
                    if (!from.isOpen()) {
                        break;
                    }
                    while (buf.hasRemaining()) {
                        to.write(buf);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // closed, by either side or by restore()
            } finally {
                close();
            }
        }

        void close() {
            closeQuietly(a);
            closeQuietly(b);
            links.remove(this);
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Link l : links) {
            l.close();
        }
        synchronized (gate) {
            gate.notifyAll();
        }
    }
}
