package io.darktower.gateway.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;

/**
 * The retention job ({@code darktower.retention.*}). What the seed fixes is not here: meetings are kept 90 days after
 * their end ({@code Meeting.RETENTION_AFTER_END}), audit months one year, API keys until revoked or expired.
 *
 * @param enabled        false: no scheduled run on this instance ({@code POST /actuator/retention} still runs one)
 * @param schedule       a Spring cron expression (second minute hour day month weekday), in UTC
 * @param recordings     the recordings' policy: kept this long after they stopped (whole days; the seed's default a year)
 * @param staleNodes     a controller or media handler whose last heartbeat is older is deregistered
 * @param projectionWait how long a run waits for the read models to show what it purged (recordings before their
 *                       meetings; all of it before it ends, so the next run starts from there)
 * @param batch          the most rows of each kind one run purges; the rest waits for the next run
 */
@ConfigurationProperties("darktower.retention")
public record RetentionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0 30 3 * * *") String schedule,
        @DefaultValue("365d") Duration recordings,
        @DefaultValue("7d") Duration staleNodes,
        @DefaultValue("30s") Duration projectionWait,
        @DefaultValue("1000") int batch) {

    public RetentionProperties {
        if (!CronExpression.isValidExpression(schedule)) {
            throw new IllegalArgumentException("darktower.retention.schedule is not a cron expression: " + schedule);
        }
        if (recordings.toDays() < 1 || !recordings.equals(Duration.ofDays(recordings.toDays()))) {
            throw new IllegalArgumentException("darktower.retention.recordings must be whole days, at least 1: " + recordings);
        }
        if (staleNodes.isNegative() || staleNodes.isZero()) {
            throw new IllegalArgumentException("darktower.retention.stale-nodes must be positive");
        }
        if (projectionWait.isNegative()) {
            throw new IllegalArgumentException("darktower.retention.projection-wait must not be negative");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("darktower.retention.batch must be at least 1");
        }
    }
}
