package graphkit.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Runs Neo4j Community embedded with Bolt on 127.0.0.1:PORT for graphkit's tests.
 *
 * <p>Usage: {@code java -cp CLASSPATH graphkit.testserver.Launcher HOME PORT [env|-] [PLUGINS_DIR]}.
 * With {@code env}, auth is on and user {@code neo4j} gets the password in the environment variable
 * GRAPHKIT_TEST_NEO4J_PASSWORD (never on the command line, where {@code ps} and Neo4j's debug.log
 * would show it); with {@code -} auth is off. PLUGINS_DIR holds plugin jars (the Graph Data Science procedures). Prints
 * {@code NEO4J READY bolt://127.0.0.1:PORT} once Bolt accepts connections, and shuts the database down
 * cleanly on end of standard input or SIGTERM.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Launcher HOME PORT [env|-] [PLUGINS_DIR]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = null;
        if (args.length > 2 && args[2].equals("env")) {
            password = System.getenv("GRAPHKIT_TEST_NEO4J_PASSWORD");
            if (password == null || password.isEmpty()) {
                System.err.println("Launcher: 'env' given but GRAPHKIT_TEST_NEO4J_PASSWORD is not set");
                System.exit(2);
            }
        } else if (args.length > 2 && !args[2].equals("-")) {
            System.err.println("Launcher: give the password in GRAPHKIT_TEST_NEO4J_PASSWORD and 'env' here");
            System.exit(2);
        }
        Path plugins = args.length > 3 ? Path.of(args[3]).toAbsolutePath() : null;
        Files.createDirectories(home);

        Map<String, String> config = new LinkedHashMap<>();
        config.put("server.bolt.enabled", "true");
        config.put("server.bolt.listen_address", "127.0.0.1:" + port);
        config.put("server.bolt.advertised_address", "127.0.0.1:" + port);
        config.put("server.bolt.tls_level", "DISABLED");
        config.put("server.http.enabled", "false");
        config.put("server.https.enabled", "false");
        config.put("dbms.security.auth_enabled", password == null ? "false" : "true");
        config.put("server.memory.pagecache.size", "512m");
        config.put("dbms.usage_report.enabled", "false");
        config.put("db.tx_log.rotation.retention_policy", "1 files");
        if (plugins != null) {
            config.put("server.directories.plugins", plugins.toString());
            config.put("dbms.security.procedures.unrestricted", "gds.*");
        }

        // Written as a neo4j.conf so the settings read exactly as in a server's own configuration.
        Path conf = home.resolve("neo4j.conf");
        StringBuilder lines = new StringBuilder();
        config.forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
        Files.writeString(conf, lines.toString());
        boolean fresh = !Files.exists(home.resolve("data").resolve("databases").resolve("system"));
        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
        } catch (RuntimeException failure) {
            failure.printStackTrace();
            System.exit(1);
            return;
        }
        AtomicBoolean stopped = new AtomicBoolean(false);
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                dbms.shutdown();
                System.out.println("NEO4J STOPPED");
                System.out.flush();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "neo4j-shutdown"));

        try {
            if (password != null && fresh) {
                GraphDatabaseService system = dbms.database("system");
                system.executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
            }
            waitForBolt(port);
        } catch (RuntimeException | InterruptedException failure) {
            failure.printStackTrace();
            stop.run();
            System.exit(1);
        }
        System.out.println("NEO4J READY bolt://127.0.0.1:" + port);
        System.out.flush();

        // Stop on end of standard input (the test process closed its pipe or exited).
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // ignore input; only its end matters
            }
        } catch (IOException ignored) {
            // a broken pipe is an end of input too
        }
        stop.run();
        System.exit(0);
    }

    private static void waitForBolt(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Bolt did not accept connections on port " + port);
                }
                Thread.sleep(100);
            }
        }
    }
}
