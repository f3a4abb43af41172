package io.darktower.queries.meeting;

import io.darktower.queries.cache.ReadThroughCache;
import io.darktower.readmodel.RedisKeys;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Reads meetings from the PostgreSQL read model, without blocking. */
@Service
public class MeetingQueries {

    private final DatabaseClient db;
    private final ReadThroughCache cache;

    public MeetingQueries(DatabaseClient db, ReadThroughCache cache) {
        this.db = db;
        this.cache = cache;
    }

    /** The meeting holding this code, as {@link #findMeeting}. */
    public Mono<MeetingView> findMeetingByCode(String meetingCode) {
        return db.sql("SELECT meeting_id FROM meetings WHERE meeting_code = :code")
                .bind("code", meetingCode)
                .map(row -> row.get("meeting_id", UUID.class))
                .one()
                .flatMap(this::findMeeting);
    }

    /**
     * The meeting with its present participants in join order; empty if the read model does not know it. Served from
     * {@code cache:meeting:{id}} when there, which the meeting projection drops whenever the meeting's rows change.
     */
    public Mono<MeetingView> findMeeting(UUID meetingId) {
        return cache.get(RedisKeys.CacheType.MEETING, meetingId.toString(), MeetingView.class, () -> readMeeting(meetingId));
    }

    private Mono<MeetingView> readMeeting(UUID meetingId) {
        var participants = db.sql("""
                        SELECT participant_id, user_id, display_name, joined_at FROM meeting_participants
                        WHERE meeting_id = :id AND left_at IS NULL ORDER BY joined_at, id""")
                .bind("id", meetingId)
                .map(row -> new MeetingView.Participant(
                        row.get("participant_id", UUID.class), row.get("user_id", UUID.class),
                        row.get("display_name", String.class), instant(row, "joined_at")))
                .all()
                .collectList();
        return db.sql("SELECT * FROM meetings WHERE meeting_id = :id")
                .bind("id", meetingId)
                .map(row -> new MeetingView(
                        row.get("meeting_id", UUID.class),
                        row.get("meeting_code", String.class),
                        row.get("display_name", String.class),
                        row.get("status", String.class),
                        row.get("max_participants", Integer.class),
                        new MeetingView.Settings(
                                row.get("enable_e2e_encryption", Boolean.class),
                                row.get("require_auth", Boolean.class),
                                row.get("allow_recording", Boolean.class),
                                row.get("waiting_room_enabled", Boolean.class)),
                        row.get("created_by_user_id", UUID.class),
                        row.get("assigned_controller_id", String.class),
                        row.get("assigned_region", String.class),
                        instant(row, "scheduled_start_time"),
                        instant(row, "actual_start_time"),
                        instant(row, "ended_at"),
                        instant(row, "created_at"),
                        0,
                        List.of()))
                .one()
                .zipWith(participants, MeetingView::withParticipants);
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
