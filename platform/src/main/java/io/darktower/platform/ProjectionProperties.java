package io.darktower.platform;

import io.darktower.projections.runtime.ProjectionSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The projections' tuning ({@code darktower.projections.*}), bound from the platform's environment like every
 * other setting (application.yaml, {@code DARKTOWER_PROJECTIONS_*} variables, {@code --darktower.projections.*}).
 * Where Kafka, PostgreSQL and Redis are is not here: the projections follow the platform's endpoints.
 *
 * @param maxPollRecords        records one poll, one transaction and one Redis script call take at most
 * @param attemptsBeforeParking how often an event is tried on its own before its aggregate is parked
 * @param maxBackoff            the longest wait before a failed store is tried again
 * @param lagInterval           how often the consumer groups' real lag is measured
 * @param dependencyWait        how long an aggregate waiting for a row of another projection retries by itself
 */
@ConfigurationProperties("darktower.projections")
public record ProjectionProperties(
        @DefaultValue("500") int maxPollRecords,
        @DefaultValue("3") int attemptsBeforeParking,
        @DefaultValue("10s") Duration maxBackoff,
        @DefaultValue("2s") Duration lagInterval,
        @DefaultValue("10m") Duration dependencyWait) {

    ProjectionSettings.Tuning tuning() {
        return new ProjectionSettings.Tuning(maxPollRecords, attemptsBeforeParking, maxBackoff, lagInterval, dependencyWait);
    }
}
