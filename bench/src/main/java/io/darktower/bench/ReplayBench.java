package io.darktower.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darktower.commands.config.EventStoreSchema;
import io.darktower.crypto.Keyring;
import io.darktower.devstack.Databases;
import io.darktower.devstack.DevStack;
import io.darktower.devstack.DevStackConfig;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.Infrastructure;
import io.darktower.events.meeting.EndReason;
import io.darktower.events.meeting.LeaveReason;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingEnded;
import io.darktower.events.meeting.MeetingEvent;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.events.meeting.MeetingStarted;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ParticipantLeft;
import io.darktower.events.meeting.ConnectionInfo;
import io.darktower.projections.runtime.ProjectionRunner;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionSettings;
import io.darktower.projections.runtime.ProjectionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.serialization.Serializer;

/**
 * Replay throughput: fills an event store of its own (embedded stack) with at least {@code --events} events, then
 * rebuilds every read model from it through the runtime's own rebuild (the operators' {@code rebuild}), all at once
 * as an operator would, and prints one JSON document: events in the store, wall time, events per second overall and
 * per projection.
 *
 * <p>The store is filled quickly: one template meeting (created, started, participants joined and left, ended) is
 * written as the write side writes it (Axon's serializer, the store's columns), then cloned with SQL
 * {@code INSERT ... SELECT} under new meeting and participant ids and meeting codes, with the template's sequence
 * numbers and fresh global indexes. Arguments: {@code --events=N} (1 000 000), {@code --participants=N} (8),
 * {@code --out=FILE}.
 */
public final class ReplayBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLONES_PER_STATEMENT = 5_000;

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            args.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        long wanted = Long.parseLong(args.getOrDefault("events", "1000000"));
        int participants = Integer.parseInt(args.getOrDefault("participants", "8"));
        ObjectNode report = JSON.createObjectNode();
        report.put("started_at", Instant.now().toString());
        report.set("machine", machine());
        try (Infrastructure stack = DevStack.start(DevStackConfig.forTests())) {
            Endpoints db = Databases.create(stack.endpoints(), "bench_replay");
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.databaseUser(), db.databasePassword())) {
                migrate(db);
                long fillStart = System.nanoTime();
                List<MeetingEvent> template = template(participants);
                writeTemplate(c, template);
                long events = clone(c, template, wanted);
                double fillSeconds = seconds(System.nanoTime() - fillStart);
                progress("store holds %d events (filled in %.1f s); vacuum analyze", events, fillSeconds);
                try (Statement s = c.createStatement()) {
                    s.execute("VACUUM ANALYZE " + EventStoreSchema.EVENT_TABLE);
                }
                report.put("events_in_store", events);
                report.put("events_per_meeting", template.size());
                report.put("fill_seconds", round(fillSeconds));
                rebuildAll(db, events, report);
            }
        }
        String json = report.toPrettyString();
        System.out.println(json);
        if (args.containsKey("out")) {
            Files.writeString(Path.of(args.get("out")), json + System.lineSeparator());
        }
        System.exit(0);
    }

    /** Every projection of the runtime rebuilt at once; the figures once the last one swapped its rows in. */
    private static void rebuildAll(Endpoints db, long events, ObjectNode report) throws Exception {
        ProjectionSettings settings = new ProjectionSettings(db.kafkaBootstrapServers(), db.jdbcUrl(), db.databaseUser(),
                db.databasePassword(), db.redisUri(), ProjectionSettings.Tuning.DEFAULTS,
                Keyring.ofBase64(Map.of("bench", Keyring.newKeyBase64()), "bench"));
        try (ProjectionService service = ProjectionService.start(settings)) {
            Map<String, Long> finished = new HashMap<>();
            Map<String, Long> replayed = new HashMap<>();
            long start = System.nanoTime();
            service.runners().forEach(ProjectionRunner::requestRebuild);
            long lastReport = 0;
            while (finished.size() < service.runners().size()) {
                for (ProjectionRunner runner : service.runners()) {
                    ProjectionStatus status = runner.status();
                    if (status.state() == ProjectionStatus.State.REBUILDING) {
                        // its total: what it had to replay (done also counts the events re-read at the swap)
                        replayed.put(runner.name(), status.rebuildTotal());
                    }
                    if (status.rebuilds() > 0 && !finished.containsKey(runner.name())) {
                        finished.put(runner.name(), System.nanoTime() - start);
                        progress("%s rebuilt in %.1f s", runner.name(), seconds(System.nanoTime() - start));
                    }
                }
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    lastReport = System.nanoTime();
                    progress("rebuilding: %s", replayed);
                }
                Thread.sleep(100);
            }
            double wall = seconds(System.nanoTime() - start);
            report.put("rebuild_all_seconds", round(wall));
            report.put("events_per_second", Math.round(events / wall));
            ArrayNode projections = report.putArray("projections");
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.databaseUser(), db.databasePassword())) {
                for (ProjectionRunner runner : service.runners()) {
                    ObjectNode p = projections.addObject();
                    p.put("name", runner.name());
                    p.put("seconds", round(seconds(finished.get(runner.name()))));
                    // what its rebuild counts: events of its aggregate types (PostgreSQL), aggregates (Redis)
                    p.put("replayed", replayed.getOrDefault(runner.name(), 0L));
                    p.put("unit", runner.name().endsWith("-redis") ? "aggregates" : "events");
                    p.put("per_second", Math.round(replayed.getOrDefault(runner.name(), 0L) / seconds(finished.get(runner.name()))));
                }
                report.put("meetings_rows", count(c, "meetings"));
                report.put("meeting_participants_rows", count(c, "meeting_participants"));
                report.put("audit_logs_rows", count(c, "audit_logs"));
            }
        }
    }

    /** One meeting's life as the write side records it. */
    private static List<MeetingEvent> template(int participants) {
        UUID meeting = UUID.randomUUID();
        Instant t = Instant.parse("2026-01-05T09:00:00Z");
        List<MeetingEvent> events = new ArrayList<>();
        events.add(new MeetingCreated(meeting, "tmpl-000001", "Template meeting", 100, MeetingSettings.DEFAULTS, null, null, t));
        events.add(new MeetingStarted(meeting, t.plusSeconds(60)));
        List<UUID> joined = new ArrayList<>();
        for (int i = 0; i < participants; i++) {
            UUID participant = UUID.randomUUID();
            joined.add(participant);
            events.add(new ParticipantJoined(meeting, participant, null, "Participant " + i, t.plusSeconds(60 + i),
                    new ConnectionInfo("192.0.2." + (i + 1), "bench/1.0", "1.0")));
        }
        for (int i = 0; i < participants; i++) {
            events.add(new ParticipantLeft(meeting, joined.get(i),
                    i < participants / 2 ? LeaveReason.VOLUNTARY : LeaveReason.MEETING_ENDED, t.plusSeconds(1800 + i)));
        }
        events.add(new MeetingEnded(meeting, EndReason.ENDED_BY_HOST, t.plusSeconds(1800 + participants)));
        return events;
    }

    private static void writeTemplate(Connection c, List<MeetingEvent> events) throws SQLException {
        Serializer serializer = EventStoreSchema.serializer();
        String metadata = serializer.serialize(Map.of(), String.class).getData();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + EventStoreSchema.EVENT_TABLE
                + " (event_identifier, meta_data, payload, payload_type, time_stamp, aggregate_identifier, sequence_number, type)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'Meeting')")) {
            long sequence = 0;
            for (MeetingEvent event : events) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, metadata);
                insert.setString(3, serializer.serialize(event, String.class).getData());
                insert.setString(4, event.getClass().getName());
                insert.setString(5, Instant.parse("2026-01-05T09:00:00Z").plusSeconds(sequence).toString());
                insert.setString(6, event.meetingId().toString());
                insert.setLong(7, sequence++);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Clones the template under new ids until the store holds at least {@code wanted} events: its ids (meeting,
     * participants) are replaced in the payloads by ids derived from the clone's number, its meeting code too.
     */
    private static long clone(Connection c, List<MeetingEvent> template, long wanted) throws SQLException {
        String meeting = template.get(0).meetingId().toString();
        List<String> ids = new ArrayList<>(List.of(meeting));
        template.stream().filter(e -> e instanceof ParticipantJoined).forEach(e -> ids.add(((ParticipantJoined) e).participantId().toString()));
        String payload = "payload";
        for (int i = 0; i < ids.size(); i++) {
            payload = "replace(" + payload + ", '" + ids.get(i) + "', md5('" + i + ":' || n)::uuid::text)";
        }
        payload = "replace(" + payload + ", 'tmpl-000001', 'b' || lpad(n::text, 10, '0'))";
        String sql = "INSERT INTO " + EventStoreSchema.EVENT_TABLE
                + " (event_identifier, meta_data, payload, payload_type, time_stamp, aggregate_identifier, sequence_number, type)"
                + " SELECT md5('e:' || n || ':' || sequence_number)::uuid::text, meta_data, " + payload
                + ", payload_type, time_stamp, md5('0:' || n)::uuid::text, sequence_number, type"
                + " FROM " + EventStoreSchema.EVENT_TABLE + " CROSS JOIN generate_series(?, ?) AS n"
                + " WHERE aggregate_identifier = '" + meeting + "' ORDER BY n, sequence_number";
        long clones = (wanted + template.size() - 1) / template.size();
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            for (long from = 1; from < clones; from += CLONES_PER_STATEMENT) {
                insert.setLong(1, from);
                insert.setLong(2, Math.min(clones - 1, from + CLONES_PER_STATEMENT - 1));
                insert.executeUpdate();
                c.commit();
                progress("cloned %d of %d meetings", Math.min(clones - 1, from + CLONES_PER_STATEMENT - 1), clones - 1);
            }
        }
        c.setAutoCommit(true);
        return count(c, EventStoreSchema.EVENT_TABLE);
    }

    private static void migrate(Endpoints db) {
        var dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setUrl(db.jdbcUrl());
        dataSource.setUser(db.databaseUser());
        dataSource.setPassword(db.databasePassword());
        EventStoreSchema.migrate(dataSource);
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** What the figures ran on: cores, memory, load when the run started. */
    private static ObjectNode machine() throws Exception {
        ObjectNode m = JSON.createObjectNode();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("loadavg", Files.readString(Path.of("/proc/loadavg")).trim());
        m.put("mem_total", Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " "));
        m.put("java", System.getProperty("java.version"));
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return m;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static void progress(String format, Object... args) {
        System.err.printf("[replay-bench] " + format + "%n", args);
    }

    private ReplayBench() {
    }
}
