package io.darktower.projections.runtime;

/** Where the projections read events and write read models. */
public record ProjectionSettings(
        String kafkaBootstrapServers,
        String jdbcUrl,
        String databaseUser,
        String databasePassword,
        String redisUri) {
}
