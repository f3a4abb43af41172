package io.darktower.projections.runtime;

import io.darktower.crypto.Keyring;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the projections read events and write read models, and how hard they try.
 *
 * @param tuning how the runners poll, retry and park; {@link Tuning#DEFAULTS} unless configured
 * @param keyring opens the sealed secrets that read models hold open (password and API-key hashes); without one, only
 *                the projections that need none run ({@link Projections#all()})
 */
public record ProjectionSettings(
        String kafkaBootstrapServers,
        String jdbcUrl,
        String databaseUser,
        String databasePassword,
        String redisUri,
        Tuning tuning,
        Keyring keyring) {

    public ProjectionSettings {
        Objects.requireNonNull(tuning, "tuning");
    }

    public ProjectionSettings(String kafkaBootstrapServers, String jdbcUrl, String databaseUser, String databasePassword,
                              String redisUri, Tuning tuning) {
        this(kafkaBootstrapServers, jdbcUrl, databaseUser, databasePassword, redisUri, tuning, null);
    }

    public ProjectionSettings(String kafkaBootstrapServers, String jdbcUrl, String databaseUser, String databasePassword,
                              String redisUri) {
        this(kafkaBootstrapServers, jdbcUrl, databaseUser, databasePassword, redisUri, Tuning.DEFAULTS);
    }

    /**
     * @param maxPollRecords        records one poll (and so one transaction or one Redis script call) takes at most
     * @param attemptsBeforeParking how often an event is tried on its own before its aggregate is parked
     * @param maxBackoff            the longest wait before a store that failed is tried again (doubling from 200 ms)
     * @param lagInterval           how often the consumer groups' committed offsets are compared with the topics' ends
     * @param dependencyWait        how long an aggregate parked for a row another projection has not written yet
     *                              (a foreign key) is retried by itself before it waits for an operator; zero: never
     */
    public record Tuning(int maxPollRecords, int attemptsBeforeParking, Duration maxBackoff, Duration lagInterval,
                         Duration dependencyWait) {

        public static final Tuning DEFAULTS = new Tuning(500, 3, Duration.ofSeconds(10), Duration.ofSeconds(2),
                Duration.ofMinutes(10));

        public Tuning {
            if (maxPollRecords < 1 || attemptsBeforeParking < 1) {
                throw new IllegalArgumentException("maxPollRecords and attemptsBeforeParking must be at least 1");
            }
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(lagInterval, "lagInterval");
            Objects.requireNonNull(dependencyWait, "dependencyWait");
            if (maxBackoff.compareTo(Duration.ofMillis(200)) < 0 || lagInterval.isNegative() || lagInterval.isZero()
                    || dependencyWait.isNegative()) {
                throw new IllegalArgumentException("maxBackoff must be at least 200ms, lagInterval positive, dependencyWait not negative");
            }
        }
    }
}
