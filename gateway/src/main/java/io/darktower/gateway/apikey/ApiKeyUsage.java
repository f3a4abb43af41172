package io.darktower.gateway.apikey;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * {@code api_keys.last_used_at}: telemetry, not a fact. A use is not an event (a busy key would flood the log);
 * this writes the column directly, at most once per key per {@code darktower.api-keys.last-used-interval} (default
 * one minute) per gateway, without holding up the request. Coarse by design: the column says "used around then".
 * A rebuild of the api_keys read model forgets these times (the log does not have them).
 */
@Component
public class ApiKeyUsage {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyUsage.class);
    /** Beyond this many remembered keys, those not written within the interval are forgotten. */
    private static final int MAX_REMEMBERED = 100_000;

    private final DatabaseClient db;
    private final Duration interval;
    private final Map<UUID, Instant> lastWritten = new ConcurrentHashMap<>();

    public ApiKeyUsage(DatabaseClient db, @Value("${darktower.api-keys.last-used-interval:60s}") Duration interval) {
        this.db = db;
        this.interval = interval;
    }

    /** Records a use of {@code keyId} at {@code at}, unless one was written less than the interval before. */
    public void used(UUID keyId, Instant at) {
        Instant[] written = new Instant[1];
        lastWritten.compute(keyId, (id, last) -> {
            if (last == null || !at.isBefore(last.plus(interval))) {
                written[0] = at;
                return at;
            }
            return last;
        });
        if (written[0] == null) {
            return;
        }
        if (lastWritten.size() > MAX_REMEMBERED) {
            lastWritten.values().removeIf(last -> last.plus(interval).isBefore(at));
        }
        db.sql("UPDATE api_keys SET last_used_at = :at WHERE key_id = :id AND (last_used_at IS NULL OR last_used_at < :at)")
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("id", keyId)
                .fetch()
                .rowsUpdated()
                .subscribe(rows -> { }, failure -> log.warn("last use of API key {} not recorded: {}", keyId, failure.toString()));
    }
}
