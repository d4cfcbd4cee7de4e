package io.github.maintenance.jmx;

import javax.management.MBeanServer;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real RMI connector server in front of an MBean server, listening on 127.0.0.1 only (port 0,
 * no RMI registry: the client connects with the stub in the service URL), and one client
 * connected to it. Its socket factories bind and connect to 127.0.0.1 whatever host name the JVM
 * would otherwise put into the stub.
 */
final class LoopbackJmxConnector implements AutoCloseable {

    private static final InetAddress LOOPBACK = loopback();

    private final List<ServerSocket> listening = new CopyOnWriteArrayList<>();
    private final JMXConnectorServer server;
    private final JMXConnector client;

    LoopbackJmxConnector(MBeanServer mbeans) throws IOException {
        this(mbeans, null, null);
    }

    /**
     * A connector server that requires a user and password ({@code user}, {@code password}) and
     * puts a {@link JMXPrincipal} of that user on each call's subject, as the JVM's password-file
     * authenticator does; the client connects with those credentials.
     */
    LoopbackJmxConnector(MBeanServer mbeans, String user, String password) throws IOException {
        RMIServerSocketFactory serverSockets = port -> {
            ServerSocket s = new ServerSocket(port, 50, LOOPBACK);
            listening.add(s);
            return s;
        };
        Map<String, Object> env = new HashMap<>();
        env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, serverSockets);
        env.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, new LoopbackClientSockets());
        Map<String, Object> clientEnv = new HashMap<>();
        if (user != null) {
            env.put(JMXConnectorServer.AUTHENTICATOR, (JMXAuthenticator) credentials -> {
                if (credentials instanceof String[] pair && pair.length == 2 && user.equals(pair[0])
                        && password.equals(pair[1])) {
                    return new Subject(true, Set.of(new JMXPrincipal(user)), Set.of(), Set.of());
                }
                throw new SecurityException("bad credentials");
            });
            clientEnv.put(JMXConnector.CREDENTIALS, new String[] {user, password});
        }
        server = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL("rmi", "127.0.0.1", 0), env,
                mbeans);
        server.start();
        client = JMXConnectorFactory.connect(server.getAddress(), clientEnv);
    }

    /** The client's connection. */
    MBeanServerConnection connection() throws IOException {
        return client.getMBeanServerConnection();
    }

    /** The server sockets the connector server listens on. */
    List<ServerSocket> listening() {
        return listening;
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } finally {
            server.stop();
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connects to 127.0.0.1 whatever host the stub names; travels inside the stub. */
    private static final class LoopbackClientSockets implements RMIClientSocketFactory, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return new Socket(LOOPBACK, port);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LoopbackClientSockets;
        }

        @Override
        public int hashCode() {
            return LoopbackClientSockets.class.hashCode();
        }
    }
}
