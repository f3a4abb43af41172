package io.darktower.projections.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.darktower.crypto.PersonalData;
import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.audit.AuditRecords;
import io.darktower.events.audit.CommandRefused;
import io.darktower.events.user.UserErased;
import io.darktower.projections.runtime.SqlProjector;
import io.darktower.projections.runtime.SqlWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The seed's {@code audit_logs}: one row per event of every aggregate type of {@link Aggregates#ALL} (a new aggregate
 * type is audited by being declared there), plus one failure row per security-relevant refusal the gateway publishes
 * ({@link AuditRecords#REFUSAL}). The runtime's sequence guard keeps it one row per event however often it is
 * delivered. Rows land in the monthly partition of the event's time, or in {@code audit_logs_default} for a month no
 * partition covers yet (an event replayed from long ago): none is refused for its date.
 */
public final class AuditSqlProjector implements SqlProjector<Object> {

    public static final String NAME = "audit-sql";

    private static final String REFUSAL_EVENT_TYPE =
            AuditEntry.snakeCase(AuditRecords.REFUSAL.eventType(CommandRefused.class).name());

    private final List<AggregateType<?>> aggregates;

    /** Every aggregate type of the platform and the refusal records. */
    public AuditSqlProjector() {
        this(Aggregates.ALL);
    }

    /** The given aggregate types and the refusal records (tests audit aggregate types of their own). */
    public AuditSqlProjector(List<AggregateType<?>> aggregateTypes) {
        List<AggregateType<?>> all = new ArrayList<>(aggregateTypes);
        all.add(AuditRecords.REFUSAL);
        this.aggregates = List.copyOf(all);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<AggregateType<?>> aggregates() {
        return aggregates;
    }

    /** An event this reader does not know is audited all the same, under its stored name, with its raw payload. */
    @Override
    public boolean projectsUnknownEvents() {
        return true;
    }

    @Override
    public List<String> tables() {
        return List.of("audit_logs");
    }

    /** Refusal rows come from Kafka only: a rebuild from the event log keeps them. */
    @Override
    public String rowsFromTheLog(String table) {
        return "event_type <> '" + REFUSAL_EVENT_TYPE + "'";
    }

    @Override
    public void project(Object event, EventEnvelope envelope, SqlWriter sql) throws SQLException {
        AuditEntry row = event instanceof CommandRefused refusal
                ? AuditEntry.ofRefusal(refusal, envelope)
                : AuditEntry.ofEvent(envelope);
        // rows older than the retention horizon (audit_log_horizon, moved by the retention job as it drops old
        // partitions) are not written: a rebuild from the log does not bring dropped months back
        sql.update("""
                INSERT INTO audit_logs (event_type, actor_user_id, actor_type, target_type, target_id, action, result,
                    error_message, ip_address, user_agent, metadata, created_at)
                SELECT ?::varchar, ?::uuid, ?::varchar, ?::varchar, ?::varchar, ?::varchar, ?::varchar, ?::text, ?::inet,
                    ?::text, ?::jsonb, ?::timestamptz
                WHERE NOT EXISTS (SELECT 1 FROM audit_log_horizon h WHERE h.horizon > ?::timestamptz)""",
                row.eventType(), row.actorUserId(), row.actorType(), row.targetType(), row.targetId(), row.action(),
                row.result(), row.errorMessage(), row.ipAddress(), row.userAgent(), row.metadata(), row.createdAt(),
                row.createdAt());
        if (event instanceof UserErased erased) {
            anonymise(erased.userId(), sql);
        }
    }

    /**
     * The erased user's rows keep what happened but not who they were: no address or user agent of their requests,
     * and the personal fields of the payload copies (their account's events, their joins) as their events now read.
     */
    private void anonymise(UUID userId, SqlWriter sql) throws SQLException {
        sql.update("""
                UPDATE audit_logs SET ip_address = NULL, user_agent = NULL, metadata = metadata - 'clientIp'
                WHERE actor_user_id = ?""", userId);
        String subject = userId.toString();
        for (Map.Entry<String, JsonNode> erased : erasedPayloadValues(subject).entrySet()) {
            sql.update("""
                    UPDATE audit_logs SET metadata = jsonb_set(metadata, ARRAY['payload', ?], ?::jsonb, false)
                    WHERE metadata -> 'payload' ->> 'userId' = ? AND jsonb_exists(metadata -> 'payload', ?)""",
                    erased.getKey(), erased.getValue().toString(), subject, erased.getKey());
        }
    }

    /** Every personal field name of the audited events with its erased value (the same name reads the same). */
    private Map<String, JsonNode> erasedPayloadValues(String subject) {
        Map<String, JsonNode> values = new TreeMap<>();
        for (AggregateType<?> type : aggregates) {
            type.eventClasses().forEach(c -> PersonalData.erasedValues(c, subject).forEach(values::putIfAbsent));
        }
        return values;
    }
}
