package io.darktower.devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates databases on a PostgreSQL server: the platform's own, and isolated ones for tests. */
public final class Databases {

    private Databases() {
    }

    /** Creates {@code endpoints.database()} unless it exists. */
    public static void ensureExists(Endpoints endpoints) {
        String maintenanceUrl = endpoints.withDatabase("postgres").jdbcUrl();
        try (Connection c = DriverManager.getConnection(maintenanceUrl, endpoints.databaseUser(), endpoints.databasePassword());
             Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 1 from pg_database where datname = '" + validName(endpoints.database()) + "'");
            if (!rs.next()) {
                s.execute("create database \"" + endpoints.database() + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + endpoints.database(), e);
        }
    }

    /** A fresh database named {@code name} on the same server; the returned endpoints point at it. */
    public static Endpoints create(Endpoints endpoints, String name) {
        Endpoints other = endpoints.withDatabase(validName(name));
        ensureExists(other);
        return other;
    }

    private static String validName(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        return name;
    }
}
