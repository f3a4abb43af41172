package io.darktower.queries.meeting;

import io.darktower.queries.cache.ReadThroughCache;
import io.darktower.readmodel.MeetingStatus;
import io.darktower.readmodel.RedisKeys;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads meetings from the PostgreSQL read model, without blocking. */
@Service
public class MeetingQueries {

    /** The most meetings one page of {@link #listMeetings} holds. */
    public static final int MAX_PAGE = 100;

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
                .map(row -> meeting(row, 0))
                .one()
                .zipWith(participants, MeetingView::withParticipants);
    }

    /**
     * One page of meetings, newest first (created_at, then meeting id: a stable order however many are created
     * meanwhile), each with its present-participant count and without its participant list.
     *
     * @param userId meetings this user created or took part in; null for all
     * @param active true: only active meetings; false: only those not active (scheduled or ended); null: all
     * @param after  the cursor of the previous page's last item, or null for the first page
     * @param limit  items per page, 1 to {@link #MAX_PAGE}
     */
    public Mono<MeetingPage> listMeetings(UUID userId, Boolean active, MeetingCursor after, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE + " meetings");
        }
        List<String> where = new ArrayList<>();
        if (userId != null) {
            where.add("(m.created_by_user_id = :user OR EXISTS (SELECT 1 FROM meeting_participants u "
                    + "WHERE u.meeting_id = m.meeting_id AND u.user_id = :user))");
        }
        if (active != null) {
            where.add(active ? "m.status = :active" : "m.status <> :active");
        }
        if (after != null) {
            where.add("(m.created_at, m.meeting_id) < (:afterAt, :afterId)");
        }
        var spec = db.sql("""
                SELECT m.*, (SELECT count(*) FROM meeting_participants p
                             WHERE p.meeting_id = m.meeting_id AND p.left_at IS NULL) AS present
                FROM meetings m"""
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY m.created_at DESC, m.meeting_id DESC LIMIT " + (limit + 1));
        if (userId != null) {
            spec = spec.bind("user", userId);
        }
        if (active != null) {
            spec = spec.bind("active", MeetingStatus.ACTIVE.wire());
        }
        if (after != null) {
            spec = spec.bind("afterAt", OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC)).bind("afterId", after.meetingId());
        }
        return spec.map(row -> meeting(row, row.get("present", Long.class).intValue()))
                .all()
                .collectList()
                .map(found -> {
                    if (found.size() <= limit) {
                        return new MeetingPage(found, null);
                    }
                    List<MeetingView> page = found.subList(0, limit);
                    MeetingView last = page.get(limit - 1);
                    return new MeetingPage(List.copyOf(page), new MeetingCursor(last.createdAt(), last.meetingId()));
                });
    }

    /**
     * Whether the user may follow the meeting: its creator, or a participant of it (present or not, as the read model
     * has it). False for a meeting the read model does not know.
     */
    public Mono<Boolean> isMember(UUID meetingId, UUID userId) {
        return db.sql("""
                        SELECT EXISTS (SELECT 1 FROM meetings WHERE meeting_id = :id AND created_by_user_id = :user)
                            OR EXISTS (SELECT 1 FROM meeting_participants WHERE meeting_id = :id AND user_id = :user)
                            AS member""")
                .bind("id", meetingId)
                .bind("user", userId)
                .map(row -> row.get("member", Boolean.class))
                .one()
                .defaultIfEmpty(false);
    }

    /** A participant session of a user that has not left, as the read model has it. */
    public record Presence(UUID meetingId, UUID participantId) {
    }

    /** The user's participant sessions that have not left (any meeting). */
    public Flux<Presence> presentParticipationsOf(UUID userId) {
        return db.sql("SELECT meeting_id, participant_id FROM meeting_participants WHERE user_id = :user AND left_at IS NULL")
                .bind("user", userId)
                .map(row -> new Presence(row.get("meeting_id", UUID.class), row.get("participant_id", UUID.class)))
                .all();
    }

    /** A row of {@code meetings} without its participants, counted as given. */
    private static MeetingView meeting(Readable row, int participantCount) {
        return new MeetingView(
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
                participantCount,
                List.of());
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
