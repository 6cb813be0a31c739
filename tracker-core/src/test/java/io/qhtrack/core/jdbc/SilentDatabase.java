package io.qhtrack.core.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback {@link ServerSocket} standing for a database. It relays every connection to the real database until
 * {@link #goSilent()}; from then on it still accepts connections, but nothing more reaches either side: the database
 * "hangs", for new connections and for those open, with every TCP connection alive. Without a target it is silent from
 * the start. {@link #close()} closes every socket.
 */
final class SilentDatabase implements AutoCloseable {

    private static final int BUFFER = 8192;

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean silent;
    private volatile boolean closed;

    /** Relays to {@code host:port} until {@link #goSilent()}. */
    SilentDatabase(String host, int port) {
        this.targetHost = host;
        this.targetPort = port;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "silent-database-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Accepts connections and never answers. */
    static SilentDatabase neverAnswering() {
        SilentDatabase db = new SilentDatabase(null, 0);
        db.goSilent();
        return db;
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on nothing is relayed, either way. */
    void goSilent() {
        silent = true;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(client);
            if (silent || targetHost == null) {
                continue; // held open, never read, never answered
            }
            try {
                Socket db = new Socket(targetHost, targetPort);
                sockets.add(db);
                relay(client, db);
                relay(db, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void relay(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[BUFFER];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (silent) {
                        continue; // swallowed: the other side waits for an answer that never comes
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                if (!silent) {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }
        }, "silent-database-relay");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(SilentDatabase::closeQuietly);
    }
}
