package io.darktower.commands.relay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.postgresql.Driver;

/**
 * The event store's JDBC URL, read by the PostgreSQL driver itself, so that what the configured URL says
 * ({@code sslmode}, several hosts, any other option) reaches change data capture instead of being rebuilt away
 * from host, port and database. The offset store takes the URL whole; Debezium wants it in pieces.
 *
 * @param hosts    every host of the URL, in order, each with its port
 * @param database the database name
 * @param options  every other option of the URL (query parameters), by the driver's names
 */
record PostgresUrl(List<HostPort> hosts, String database, Map<String, String> options) {

    /** Options Debezium's PostgreSQL connector declares itself, as {@code database.<option>}. */
    private static final Set<String> DEBEZIUM_OPTIONS = Set.of(
            "sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword", "sslfactory", "tcpKeepAlive");
    /** Options given by the relay's own settings or meaningless for one replication connection. */
    private static final Set<String> NOT_PASSED = Set.of("user", "password", "replication");

    record HostPort(String host, int port) {
    }

    PostgresUrl {
        hosts = List.copyOf(hosts);
        options = Map.copyOf(options);
    }

    static PostgresUrl parse(String jdbcUrl) {
        Properties parsed = Driver.parseURL(jdbcUrl, null);
        if (parsed == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        List<String> hosts = Arrays.asList(parsed.getProperty("PGHOST").split(","));
        List<String> ports = Arrays.asList(parsed.getProperty("PGPORT").split(","));
        List<HostPort> hostPorts = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            hostPorts.add(new HostPort(hosts.get(i), Integer.parseInt(ports.get(Math.min(i, ports.size() - 1)))));
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (String name : parsed.stringPropertyNames()) {
            if (!name.startsWith("PG")) {
                options.put(name, parsed.getProperty(name));
            }
        }
        return new PostgresUrl(hostPorts, parsed.getProperty("PGDBNAME"), options);
    }

    /** Change data capture reaches one server: the first host (a replication slot lives on one primary). */
    HostPort captureHost() {
        return hosts.get(0);
    }

    boolean multiHost() {
        return hosts.size() > 1;
    }

    /**
     * The connection part of Debezium's configuration: host, port, database and credentials, the SSL options
     * under the connector's own names ({@code database.sslmode}, ...), and every other option passed through
     * to the driver ({@code driver.<option>}), which Debezium hands to both its JDBC and replication connections.
     */
    Properties debeziumProperties(String user, String password) {
        Properties p = new Properties();
        HostPort host = captureHost();
        p.setProperty("database.hostname", host.host());
        p.setProperty("database.port", Integer.toString(host.port()));
        p.setProperty("database.dbname", database);
        p.setProperty("database.user", user != null ? user : options.getOrDefault("user", ""));
        p.setProperty("database.password", password != null ? password : options.getOrDefault("password", ""));
        options.forEach((name, value) -> {
            if (DEBEZIUM_OPTIONS.contains(name)) {
                p.setProperty("database." + name, value);
            } else if (!NOT_PASSED.contains(name)) {
                p.setProperty("driver." + name, value);
            }
        });
        p.setProperty("database.sslmode", sslMode());
        return p;
    }

    /** The SSL mode the driver itself would use for this URL; Debezium's own default differs from the driver's. */
    String sslMode() {
        if (options.containsKey("sslmode")) {
            return options.get("sslmode");
        }
        String ssl = options.get("ssl"); // present without a value means true, as for the driver
        return ssl != null && (ssl.isEmpty() || ssl.equalsIgnoreCase("true")) ? "verify-full" : "prefer";
    }
}
