package io.minetwin.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 that a test puts between a client and a server to break the connection for real:
 * {@link #cut()} resets every open connection (as a crashed host or a pulled cable seen by the peer would) and,
 * until {@link #admit()}, new connections are closed as soon as they are accepted. It forwards bytes and knows
 * nothing of the protocol.
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;
    private volatile boolean closed;

    private CuttableProxy(ServerSocket server, String targetHost, int targetPort) {
        this.server = server;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Listens on a free port of 127.0.0.1 and relays to {@code targetHost:targetPort}. */
    public static CuttableProxy start(String targetHost, int targetPort) throws IOException {
        var p = new CuttableProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetHost, targetPort);
        Thread t = new Thread(p::accept, "cuttable-proxy-" + targetPort);
        t.setDaemon(true);
        t.start();
        return p;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Resets every open connection and refuses new ones until {@link #admit()}. */
    public void cut() {
        refusing = true;
        for (Socket s : sockets) {
            reset(s);
        }
        sockets.clear();
    }

    /** Relays new connections again. */
    public void admit() {
        refusing = false;
    }

    private void accept() {
        while (!closed) {
            Socket in;
            try {
                in = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (refusing) {
                reset(in);
                continue;
            }
            try {
                Socket out = new Socket(targetHost, targetPort);
                sockets.add(in);
                sockets.add(out);
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                reset(in);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                for (int n; (n = i.read(buffer)) >= 0; ) {
                    o.write(buffer, 0, n);
                    o.flush();
                }
            } catch (IOException ignored) {
                // the other side or a cut closed the connection
            } finally {
                reset(from);
                reset(to);
            }
        }, "cuttable-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // an RST, not an orderly close
        } catch (IOException ignored) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        cut();
    }
}
