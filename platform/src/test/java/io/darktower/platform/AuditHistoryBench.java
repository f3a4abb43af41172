package io.darktower.platform;

import com.zaxxer.hikari.HikariDataSource;
import io.darktower.commands.config.EventStoreSchema;
import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.events.EventJson;
import io.darktower.events.EventMetadata;
import io.darktower.events.meeting.Codec;
import io.darktower.events.meeting.ConnectionInfo;
import io.darktower.events.meeting.EndReason;
import io.darktower.events.meeting.LeaveReason;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import io.darktower.events.meeting.StreamPublished;
import io.darktower.events.meeting.StreamType;
import io.darktower.projections.history.AuditHistory;
import io.darktower.projections.history.Bounds;
import io.darktower.projections.history.Subject;
import io.darktower.projections.runtime.EventLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Not a test (its name keeps it out of the build's runs): the time to reconstruct one meeting's history, and one
 * user's, from an event store holding {@code darktower.bench.events} events (1 M by default). Run it alone, holding the
 * build lock: {@code /work/bin/mvnl -o -pl platform -am test -Dtest=AuditHistoryBench -Dsurefire.failIfNoSpecifiedTests=false}.
 * The store is filled with SQL (a template meeting's events cloned under new meeting and user ids), then each
 * history is rebuilt repeatedly through {@link AuditHistory}; the JSON goes to stdout and {@code target/audit-history-bench.json}.
 */
class AuditHistoryBench {

    private static final int WARMUP = 20;
    private static final int RUNS = 200;

    @Test
    void reconstructOneHistoryFromAMillionEvents() throws Exception {
        long target = Long.getLong("darktower.bench.events", 1_000_000);
        Endpoints db = Databases.create(SharedTestStack.endpoints(), "audit_bench_" + System.currentTimeMillis());
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(db.jdbcUrl());
        dataSource.setUser(db.databaseUser());
        dataSource.setPassword(db.databasePassword());
        EventStoreSchema.migrate(dataSource);

        UUID meeting = UUID.randomUUID();
        UUID host = UUID.randomUUID();
        int perMeeting = template(dataSource, meeting, host);
        long fillStart = System.nanoTime();
        long clones = (target - perMeeting) / perMeeting;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE template AS SELECT * FROM event_store.domain_event_entry");
            // in slices, so no single transaction holds a million rows
            for (long done = 0; done < clones; done += 10_000) {
                long slice = Math.min(10_000, clones - done);
                s.execute("INSERT INTO event_store.domain_event_entry (event_identifier, meta_data, payload, payload_type,"
                        + " time_stamp, aggregate_identifier, sequence_number, type)"
                        + " SELECT gen_random_uuid()::text, replace(t.meta_data, '" + host + "', m.u),"
                        + " replace(replace(t.payload, '" + meeting + "', m.id), '" + host + "', m.u), t.payload_type,"
                        + " t.time_stamp, m.id, t.sequence_number, t.type"
                        + " FROM (SELECT gen_random_uuid()::text AS id, gen_random_uuid()::text AS u FROM generate_series(1, "
                        + slice + ")) m CROSS JOIN template t ORDER BY m.id, t.sequence_number");
            }
            s.execute("ANALYZE event_store.domain_event_entry");
        }
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        long stored;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM event_store.domain_event_entry")) {
            rs.next();
            stored = rs.getLong(1);
        }

        // pooled, as the gateway's is: a connection per read would measure PostgreSQL's connection set-up instead
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(db.jdbcUrl());
        pool.setUsername(db.databaseUser());
        pool.setPassword(db.databasePassword());
        pool.setMaximumPoolSize(2);
        AuditHistory history = new AuditHistory(new EventLog(pool));
        Map<String, Object> meetingFigures = time(() -> history.of(Subject.MEETING, meeting, Bounds.ALL).orElseThrow().size());
        Map<String, Object> userFigures = time(() -> history.of(Subject.USER, host, Bounds.ALL).orElseThrow().size());
        String json = EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(Map.of(
                "events_in_store", stored,
                "fill_seconds", Math.round(fillSeconds * 10) / 10.0,
                "meeting_history", meetingFigures,
                "user_history", userFigures,
                "runs", RUNS,
                "cpus", Runtime.getRuntime().availableProcessors()));
        System.out.println(json);
        Files.writeString(Path.of("target/audit-history-bench.json"), json);
        pool.close();
    }

    private interface Run {
        int steps() throws Exception;
    }

    private static Map<String, Object> time(Run run) throws Exception {
        int steps = 0;
        for (int i = 0; i < WARMUP; i++) {
            steps = run.steps();
        }
        double[] millis = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            run.steps();
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(millis);
        return Map.of("steps", steps, "p50_ms", round(millis[RUNS / 2]), "p99_ms", round(millis[RUNS * 99 / 100]),
                "max_ms", round(millis[RUNS - 1]), "mean_ms", round(Arrays.stream(millis).average().orElse(0)));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** One meeting's life, stored as Axon stores it: four join, two publish, all leave, it ends. */
    private static int template(PGSimpleDataSource dataSource, UUID meeting, UUID host) throws Exception {
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        List<Object> events = new ArrayList<>();
        events.add(new MeetingCreated(meeting, "ben-chma-rks", "Bench", 10, MeetingSettings.DEFAULTS, null, host, t));
        events.add(new MeetingStarted(meeting, t.plusSeconds(1)));
        List<UUID> participants = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            UUID p = UUID.randomUUID();
            participants.add(p);
            events.add(new ParticipantJoined(meeting, p, i == 0 ? host : null, "Person " + i, t.plusSeconds(2 + i),
                    new ConnectionInfo("127.0.0.1", "bench/1.0", "1")));
        }
        for (int i = 0; i < 2; i++) {
            events.add(new StreamPublished(meeting, UUID.randomUUID(), participants.get(i), StreamType.VIDEO_CAMERA, Codec.VP8,
                    1_000_000, t.plusSeconds(10 + i), List.of()));
        }
        for (int i = 3; i >= 1; i--) {
            events.add(new ParticipantLeft(meeting, participants.get(i), LeaveReason.VOLUNTARY, t.plusSeconds(20 + i)));
        }
        events.add(new ParticipantLeft(meeting, participants.get(0), LeaveReason.MEETING_ENDED, t.plusSeconds(30)));
        events.add(new MeetingEnded(meeting, EndReason.ENDED_BY_HOST, t.plusSeconds(30)));
        String metadata = EventJson.mapper().writeValueAsString(
                new EventMetadata(host.toString(), EventMetadata.ACTOR_USER, "bench", null, "127.0.0.1", "bench/1.0").toMap());
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO event_store.domain_event_entry (event_identifier,"
                     + " meta_data, payload, payload_type, time_stamp, aggregate_identifier, sequence_number, type)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, 'Meeting')")) {
            for (int i = 0; i < events.size(); i++) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, metadata);
                insert.setString(3, EventJson.mapper().writeValueAsString(events.get(i)));
                insert.setString(4, events.get(i).getClass().getName());
                insert.setString(5, t.plusSeconds(i).toString());
                insert.setString(6, meeting.toString());
                insert.setLong(7, i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return events.size();
    }
}
