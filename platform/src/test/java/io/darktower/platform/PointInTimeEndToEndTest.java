package io.darktower.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darktower.devstack.Sql;
import io.darktower.projections.meeting.MeetingRedisProjector;
import io.darktower.projections.meeting.MeetingSqlProjector;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * A read model rebuilt as of a point in time equals the live read model as it was then, captured during the test;
 * the difference between that point and now lists exactly what changed after it; a copy is dropped on request.
 */
class PointInTimeEndToEndTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    private static RunningPlatform running;

    @BeforeAll
    static void start() {
        running = RunningPlatform.start("platform_as_of");
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void aCopyAsOfATimeEqualsTheLiveReadModelThenAndTheDiffListsWhatChangedSince() throws Exception {
        String stays = running.createMeeting("Stays");
        String joined = running.createMeeting("Gets a participant");
        String left = running.createMeeting("Loses a participant");
        String ended = running.createMeeting("Ends");
        running.join(stays, "S1");
        running.join(joined, "J1");
        String leaving = running.join(left, "L1");
        running.join(left, "L2");
        running.join(ended, "E1");
        running.awaitCaughtUp(WITHIN);
        Map<String, Map<String, String>> meetingsAtT = rows("public", "meetings", "meeting_id");
        Map<String, Map<String, String>> participantsAtT = rows("public", "meeting_participants", "participant_id");
        Map<String, String> redisAtT = redisState("", ids());
        long positionAtT = Long.parseLong(Sql.one(running.db, "SELECT max(global_index) FROM event_store.domain_event_entry"));
        Instant t = Instant.now();
        Thread.sleep(20); // every later event is stamped after t

        String joinedLater = running.join(joined, "J2");
        running.leave(left, leaving);
        running.http.post().uri("/api/v1/meetings/{id}/end", ended).exchange().expectStatus().isOk();
        String created = running.createMeeting("Created after T");
        running.awaitCaughtUp(WITHIN);

        asOf(MeetingSqlProjector.NAME, Map.of("label", "t1", "at", t.toString()));
        asOf(MeetingRedisProjector.NAME, Map.of("label", "t1", "at", t.toString()));
        asOf(MeetingSqlProjector.NAME, Map.of("label", "p1", "position", positionAtT));
        for (String copy : List.of(MeetingSqlProjector.NAME + "/t1", MeetingRedisProjector.NAME + "/t1",
                MeetingSqlProjector.NAME + "/p1")) {
            String[] parts = copy.split("/");
            await().atMost(WITHIN).untilAsserted(() -> running.management.get().uri("/actuator/projections/{p}/as-of", parts[0])
                    .exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$[?(@.label == '" + parts[1] + "')].state").isEqualTo("KEPT"));
            Map<?, ?> status = running.management.get().uri("/actuator/projections/{p}", parts[0]).exchange()
                    .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
            Map<?, ?> kept = ((List<?>) status.get("copies")).stream().map(c -> (Map<?, ?>) c)
                    .filter(c -> parts[1].equals(c.get("label"))).findFirst().orElseThrow();
            assertThat(((Number) kept.get("done")).longValue()).as("progress of " + copy).isPositive()
                    .isEqualTo(((Number) kept.get("total")).longValue());
        }

        for (String schema : List.of("asof_meeting_sql_t1", "asof_meeting_sql_p1")) {
            assertThat(rows(schema, "meetings", "meeting_id")).as(schema).isEqualTo(meetingsAtT);
            assertThat(rows(schema, "meeting_participants", "participant_id")).as(schema).isEqualTo(participantsAtT);
        }
        assertThat(redisState("asof:" + MeetingRedisProjector.NAME + ":t1:", ids())).isEqualTo(redisAtT);
        assertThat(rows("public", "meetings", "meeting_id")).as("the live read model moved on").isNotEqualTo(meetingsAtT);

        Map<?, ?> diff = running.management.get().uri("/actuator/projections/{p}/diff?from=t1&to=live", MeetingSqlProjector.NAME)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        Map<String, Map<String, String>> meetingsNow = rows("public", "meetings", "meeting_id");
        Map<String, Map<String, String>> participantsNow = rows("public", "meeting_participants", "participant_id");
        assertThat(summary(table(diff, "meetings"), "meeting_id"))
                .isEqualTo(expected(meetingsAtT, meetingsNow))
                .containsEntry("added", Set.of(created))
                .containsEntry("removed", Set.of());
        assertThat(changedColumns(table(diff, "meetings"), "meeting_id").get(ended)).contains("status", "ended_at");
        assertThat(summary(table(diff, "meeting_participants"), "participant_id"))
                .isEqualTo(expected(participantsAtT, participantsNow))
                .containsEntry("added", Set.of(joinedLater))
                .containsEntry("removed", Set.of());
        assertThat(changedColumns(table(diff, "meeting_participants"), "participant_id").get(leaving)).contains("left_at");

        running.management.get().uri("/actuator/projections/{p}/diff?from=t1&to=p1", MeetingSqlProjector.NAME).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.tables[0].added.length()").isEqualTo(0)
                .jsonPath("$.tables[0].changed.length()").isEqualTo(0)
                .jsonPath("$.tables[1].removed.length()").isEqualTo(0);

        running.management.delete().uri("/actuator/projections/{p}/as-of/t1", MeetingSqlProjector.NAME).exchange().expectStatus().isOk();
        running.management.delete().uri("/actuator/projections/{p}/as-of/t1", MeetingRedisProjector.NAME).exchange().expectStatus().isOk();
        assertThat(Sql.one(running.db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'asof_meeting_sql_t1'")).isEqualTo("0");
        assertThat(running.redis.keys("asof:" + MeetingRedisProjector.NAME + ":t1:*")).isEmpty();
        running.management.get().uri("/actuator/projections/{p}/as-of", MeetingSqlProjector.NAME).exchange().expectBody()
                .jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].label").isEqualTo("p1");

        // what an operator asks wrongly is refused for what it is, naming the problem, and makes no copy
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("label", "x;drop table meetings;--", "position", 5),
                Map.of("label", "UPPER", "position", 5), Map.of("label", "when", "at", "yesterday"))) {
            running.management.post().uri("/actuator/projections/{p}/as-of", MeetingSqlProjector.NAME)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(bad).exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
        }
        running.management.post().uri("/actuator/projections/no-such/as-of").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("label", "z", "position", 5)).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        running.management.get().uri("/actuator/projections/{p}/diff?from=nothing&to=live", MeetingSqlProjector.NAME)
                .exchange().expectStatus().isNotFound();
        running.management.delete().uri("/actuator/projections/{p}/as-of/nothing", MeetingSqlProjector.NAME).exchange()
                .expectStatus().isNotFound();
        assertThat(Sql.one(running.db, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'asof_%'")).isEqualTo("1");
    }

    private static void asOf(String projection, Map<String, Object> body) {
        running.management.post().uri("/actuator/projections/{p}/as-of", projection).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isOk();
    }

    /** A table's rows by key, each column as text, without the surrogate id and the write-time updated_at. */
    private static Map<String, Map<String, String>> rows(String schema, String table, String key) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Map<String, Object> row : Sql.rows(running.db, "SELECT * FROM " + schema + "." + table)) {
            row.remove("id");
            row.remove("updated_at");
            Map<String, String> text = new TreeMap<>();
            row.forEach((column, value) -> text.put(column, String.valueOf(value)));
            out.put(text.get(key), text);
        }
        return out;
    }

    /** What changed from one capture to another, computed here from the rows: added, removed and changed keys. */
    private static Map<String, Set<String>> expected(Map<String, Map<String, String>> before,
                                                     Map<String, Map<String, String>> after) {
        Set<String> added = new TreeSet<>(after.keySet());
        added.removeAll(before.keySet());
        Set<String> removed = new TreeSet<>(before.keySet());
        removed.removeAll(after.keySet());
        Set<String> changed = new TreeSet<>();
        before.forEach((key, row) -> {
            if (after.containsKey(key) && !after.get(key).equals(row)) {
                changed.add(key);
            }
        });
        return Map.of("added", added, "removed", removed, "changed", changed);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> table(Map<?, ?> diff, String name) {
        return ((List<Map<String, Object>>) diff.get("tables")).stream().filter(t -> name.equals(t.get("table")))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Set<String>> summary(Map<String, Object> table, String key) {
        assertThat(table.get("truncated")).isEqualTo(false);
        Set<String> added = new TreeSet<>();
        ((List<Map<String, Object>>) table.get("added")).forEach(r -> added.add((String) r.get(key)));
        Set<String> removed = new TreeSet<>();
        ((List<Map<String, Object>>) table.get("removed")).forEach(r -> removed.add((String) r.get(key)));
        return Map.of("added", added, "removed", removed, "changed", changedColumns(table, key).keySet());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Set<String>> changedColumns(Map<String, Object> table, String key) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Map<String, Object> changed : (List<Map<String, Object>>) table.get("changed")) {
            out.put((String) ((Map<String, Object>) changed.get("key")).get(key),
                    new TreeSet<>(((Map<String, Object>) changed.get("columns")).keySet()));
        }
        return out;
    }

    private static Set<String> ids() {
        Set<String> ours = new HashSet<>(Sql.strings(running.db, "SELECT meeting_id::text FROM meetings"));
        ours.addAll(Sql.strings(running.db, "SELECT participant_id::text FROM meeting_participants"));
        return ours;
    }

    /** The values (not the deadlines) of this database's meeting and participant keys, under a prefix. */
    private static Map<String, String> redisState(String prefix, Set<String> ids) {
        Map<String, String> state = new TreeMap<>();
        for (String key : running.redis.keys(prefix + "*")) {
            String bare = key.substring(prefix.length());
            String[] parts = bare.split(":");
            if (parts.length < 2 || !(bare.startsWith("meeting:") || bare.startsWith("participant:")) || !ids.contains(parts[1])) {
                continue;
            }
            String value = switch (running.redis.type(key)) {
                case "hash" -> new TreeMap<>(running.redis.hgetall(key)).toString();
                case "set" -> new TreeSet<>(running.redis.smembers(key)).toString();
                default -> running.redis.get(key);
            };
            state.put(bare, value);
        }
        return state;
    }
}
