package io.darktower.devstack;

import java.util.Objects;

/**
 * Where the platform's infrastructure answers. The same record describes the embedded stack, a compose stack
 * or a cluster: code that takes {@code Endpoints} never knows which.
 */
public record Endpoints(
        String kafkaBootstrapServers,
        String postgresHost,
        int postgresPort,
        String database,
        String databaseUser,
        String databasePassword,
        String redisHost,
        int redisPort) {

    public Endpoints {
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        Objects.requireNonNull(postgresHost, "postgresHost");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(redisHost, "redisHost");
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }

    public String redisUri() {
        return "redis://" + redisHost + ":" + redisPort;
    }

    /** The same servers, another database on the PostgreSQL server (see {@link Databases#create}). */
    public Endpoints withDatabase(String otherDatabase) {
        return new Endpoints(kafkaBootstrapServers, postgresHost, postgresPort, otherDatabase,
                databaseUser, databasePassword, redisHost, redisPort);
    }

    /**
     * What a person needs to look inside: psql, redis-cli and Kafka addresses. Never the password: this text goes
     * to consoles and logs (psql takes it from {@code PGPASSWORD} or asks).
     */
    public String describe() {
        return String.join(System.lineSeparator(),
                "  Kafka       " + kafkaBootstrapServers,
                "  PostgreSQL  psql postgresql://" + databaseUser + "@" + postgresHost + ":" + postgresPort + "/" + database,
                "  Redis       redis-cli -h " + redisHost + " -p " + redisPort);
    }

    /** As the record would print itself, with the password left out. */
    @Override
    public String toString() {
        return "Endpoints[kafkaBootstrapServers=" + kafkaBootstrapServers + ", postgres=" + databaseUser + "@"
                + postgresHost + ":" + postgresPort + "/" + database + ", redis=" + redisHost + ":" + redisPort + "]";
    }
}
