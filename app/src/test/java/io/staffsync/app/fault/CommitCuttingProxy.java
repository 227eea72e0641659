package io.staffsync.app.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy between the application and PostgreSQL that can break one connection at the COMMIT of a
 * command's transaction, the moment at which the client cannot know the outcome.
 *
 * <p>It reads the PostgreSQL wire protocol only as far as it must: a command's transaction is recognised by
 * the {@code INSERT INTO processed_command} the idempotency interceptor sends first, and its end by the
 * {@code COMMIT} the driver sends (the driver must send SQL text every time, so the application connects with
 * {@code prepareThreshold=0}). Armed with {@link Cut#AFTER_COMMIT}, the proxy forwards the COMMIT, waits for
 * PostgreSQL's answer (so the transaction is committed), drops that answer and closes both sockets: the
 * application sees its connection break during commit, though the data is stored. With
 * {@link Cut#BEFORE_COMMIT} it closes both sockets instead of forwarding the COMMIT, and PostgreSQL rolls the
 * transaction back. Either way the cut happens once per arming.
 */
final class CommitCuttingProxy implements AutoCloseable {

    enum Cut { BEFORE_COMMIT, AFTER_COMMIT }

    private static final byte[] CLAIM = "INSERT INTO processed_command".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROLLBACK = "ROLLBACK".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicReference<Cut> armed = new AtomicReference<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch fired = new CountDownLatch(1);

    CommitCuttingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "commit-cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Cuts the next command transaction's connection at its COMMIT, as {@code cut} says. */
    void arm(Cut cut) {
        fired = new CountDownLatch(1);
        armed.set(cut);
    }

    /** Whether the armed cut happened (waits up to {@code seconds}). */
    boolean awaitCut(long seconds) throws InterruptedException {
        return fired.await(seconds, TimeUnit.SECONDS);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                Connection connection = new Connection(client, server);
                start(connection::clientToServer, "proxy-c2s");
                start(connection::serverToClient, "proxy-s2c");
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void start(Runnable pump, String name) {
        Thread thread = new Thread(pump, name);
        thread.setDaemon(true);
        thread.start();
    }

    private final class Connection {
        private final Socket client;
        private final Socket server;
        private volatile boolean inCommandTransaction;
        private volatile boolean swallowNextAnswer;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void clientToServer() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    if (contains(buffer, read, CLAIM)) {
                        inCommandTransaction = true;
                    }
                    boolean commit = contains(buffer, read, COMMIT);
                    if (commit && inCommandTransaction) {
                        Cut cut = armed.getAndSet(null);
                        if (cut == Cut.BEFORE_COMMIT) {
                            closeBoth();
                            fired.countDown();
                            return;
                        }
                        if (cut == Cut.AFTER_COMMIT) {
                            swallowNextAnswer = true;
                        }
                    }
                    if (commit || contains(buffer, read, ROLLBACK)) {
                        inCommandTransaction = false;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException closed) {
                // either side went away
            } finally {
                closeBoth();
            }
        }

        void serverToClient() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    if (swallowNextAnswer) {
                        // PostgreSQL has answered the COMMIT: it is durable. The application never hears so.
                        closeBoth();
                        fired.countDown();
                        return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException closed) {
                // either side went away
            } finally {
                closeBoth();
            }
        }

        private void closeBoth() {
            close(client);
            close(server);
        }
    }

    private static boolean contains(byte[] buffer, int length, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buffer[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(CommitCuttingProxy::close);
    }
}
