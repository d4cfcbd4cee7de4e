package io.github.maintenance.ctl;

import io.github.maintenance.ctl.RegistryClient.RegistryException;
import io.github.maintenance.registry.protocol.CommandLine;
import io.github.maintenance.registry.protocol.Reply;
import io.github.maintenance.registry.protocol.WireJson;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The registered session of one invocation; closing it sends {@code CLIENT_SHUTDOWN}, which leaves
 * maintenance and drain as they are. Reads come from one thread; {@link #end(boolean)} may come
 * from a shutdown hook.
 */
final class CtlSession implements AutoCloseable {

    static final String SERVICE = "maintenancectl";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Longer than the server's 20 s page verification budget. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(35);

    final RegistryClient client;
    final String id;
    volatile boolean closed;

    private CtlSession(RegistryClient client, String id) {
        this.client = client;
        this.id = id;
    }

    /** Connects to the registry the global options name and registers. */
    static CtlSession open(MaintenanceCtl g) throws FailedException {
        RegistryClient client;
        String where = g.host + ":" + g.port;
        try {
            client = RegistryClient.connect(g.host, g.port, g.useTls() ? sslContext(g) : null, CONNECT_TIMEOUT,
                    READ_TIMEOUT);
        } catch (ConnectException e) {
            throw new FailedException("cannot connect to the registry at " + where + ": " + e.getMessage()
                    + " (is the application running with its registry on that port?)");
        } catch (UnknownHostException e) {
            throw new FailedException("unknown host " + g.host);
        } catch (IOException e) {
            throw new FailedException("cannot connect to the registry at " + where + ": " + e);
        }
        try {
            return new CtlSession(client, client.register(SERVICE, instanceName(), g.token()));
        } catch (RegistryException e) {
            closeQuietly(client);
            if (Reply.UNAUTHORIZED.equals(e.error())) {
                throw new FailedException("the registry refused the token (unauthorized): pass --token or set"
                        + " MAINTENANCE_TOKEN");
            }
            throw new FailedException("the registry refused to register: " + e.error());
        } catch (IOException e) {
            closeQuietly(client);
            throw failure(e);
        }
    }

    /** Sends {@code name|sid|args...} and returns the reply line; an {@code ERROR} reply fails. */
    String call(String name, String... args) throws FailedException {
        String[] fields = new String[args.length + 2];
        fields[0] = name;
        fields[1] = id;
        System.arraycopy(args, 0, fields, 2, args.length);
        try {
            return client.call(CommandLine.join(fields));
        } catch (RegistryException e) {
            throw new FailedException(e);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * Sends a {@code MAINT_ENTER}/{@code MAINT_ENTER_EX} line and waits for its {@code MAINT_OK};
     * returns a warning when maintenance is on but its page did not answer.
     */
    String enter(String line) throws FailedException {
        try {
            client.call(line);
        } catch (RegistryException e) {
            throw new FailedException(e);
        } catch (IOException e) {
            throw failure(e);
        }
        try {
            client.awaitMaintOk();
            return null;
        } catch (RegistryException e) {
            return "maintenance is on, but " + e.getMessage() + " (the built-in page is shown meanwhile)";
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Exits maintenance on {@code target}; returns a warning when the exit's verification failed. */
    String exit(String target) throws FailedException {
        call("MAINT_EXIT", target);
        try {
            client.awaitMaintOk();
            return null;
        } catch (RegistryException e) {
            return "maintenance is off, but " + e.getMessage();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * After a change of this session: the registry's warning when the state store did not save it
     * (it holds on the application instance only), from this session's {@code MAINT_STATUS}
     * ({@code "stored":false}); {@code null} when it was saved, or when the registry does not say.
     */
    String storeWarning() {
        Map<String, Object> status;
        try {
            status = WireJson.parseObjectOrNull(Reply.payload(call("MAINT_STATUS")));
        } catch (FailedException | WireJson.InvalidJsonException e) {
            return null;
        }
        if (status == null || !Boolean.FALSE.equals(status.get("stored"))) {
            return null;
        }
        return status.get("warning") instanceof String w ? Reply.printable(w, 256) : Reply.STORE_UNAVAILABLE;
    }

    /** Ends the session and waits (briefly) for {@code SHUTDOWN_OK}. */
    @Override
    public void close() {
        end(true);
    }

    /** Ends the session; {@code await}: read the reply (only when no other thread reads). */
    synchronized void end(boolean await) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            client.send(CommandLine.join("CLIENT_SHUTDOWN", id));
            if (await) {
                client.readTimeout(Duration.ofSeconds(2));
                while (!client.nextLine().equals(Reply.SHUTDOWN_OK)) {
                    // skip EVENT lines and late replies
                }
            }
        } catch (IOException e) {
            // already gone
        }
        closeQuietly(client);
    }

    static FailedException failure(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return new FailedException("the registry did not answer in time");
        }
        return new FailedException(e.getMessage() == null ? e.toString() : e.getMessage());
    }

    private static void closeQuietly(RegistryClient c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private static SSLContext sslContext(MaintenanceCtl g) throws FailedException {
        try {
            if (g.truststore == null) {
                return SSLContext.getDefault();
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(g.truststore)) {
                ks.load(in, g.truststorePassword().toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new FailedException("cannot use the truststore " + g.truststore + ": " + e.getMessage());
        }
    }

    private static String instanceName() {
        String hostName;
        try {
            hostName = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            hostName = "localhost";
        }
        String name = "cli-" + hostName + "-" + ProcessHandle.current().pid();
        return name.length() > 128 ? name.substring(0, 128) : name;
    }
}
