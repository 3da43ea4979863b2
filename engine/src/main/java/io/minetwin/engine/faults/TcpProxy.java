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
 * network as a broken link would. {@link #cut()} is a black hole, as a dead switch or a pulled cable far away:
 * nothing is forwarded in either direction and nothing is refused or reset; open connections hang, and new ones
 * are accepted and hang too, so the engine can only notice by its own timeouts (OPC UA keep-alive).
 * {@link #restore()} heals the link: what is queued is delivered and connections go on, as TCP does after
 * a link comes back; {@link #reset()} instead closes every connection, as a restarted router would.
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

    /** Black hole: stops forwarding without refusing or resetting anything; connections hang. */
    void cut() {
        cut = true;
    }

    /** Heals the link: forwards again, on the connections that lived through the cut too. */
    void restore() {
        synchronized (gate) {
            cut = false;
            gate.notifyAll();
        }
    }

    /** Closes every open connection (each side sees its connection end), as a restarted router would. */
    void reset() {
        for (Link l : links) {
            l.close();
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
                    awaitLink(); // what was read when the link broke is delivered once it heals, as TCP would
                    if (!to.isOpen()) {
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
