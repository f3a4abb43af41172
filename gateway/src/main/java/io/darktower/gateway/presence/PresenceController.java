package io.darktower.gateway.presence;

import static io.darktower.gateway.api.PathIds.uuid;

import io.darktower.gateway.api.ApiException;
import io.darktower.commands.meeting.Requester;
import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.RequestContext;
import io.darktower.readmodel.RedisKeys;
import io.darktower.readmodel.RedisKeys.ParticipantFields;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Clock;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A participant's heartbeat: telemetry, not an event. It sets {@code presence:{participant_id}} to the time (TTL 30 s)
 * and refreshes the session {@code participant:{id}} ({@code last_heartbeat}, TTL 5 minutes), in one script so a
 * session that is gone is not revived as a stub. Only a participant present in the meeting beats, and only for
 * itself: its join token, or the signed-in user the session belongs to ({@code user_id} of the session hash).
 */
@RestController
public class PresenceController {

    /**
     * KEYS: the meeting's participant set, presence key, session key. ARGV: participant id, now (epoch seconds),
     * presence TTL, session TTL (seconds), the caller's user id ("-" for none; "" when the platform itself beats) and the
     * participant its join token speaks for (or ""). Returns 0 when the participant is not present in the meeting, -1
     * when the caller is not that participant.
     */
    static final String HEARTBEAT = """
            if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return 0 end
            if ARGV[5] ~= '' and ARGV[6] ~= ARGV[1] then
              local owner = redis.call('HGET', KEYS[3], '%s')
              if not owner or owner ~= ARGV[5] then return -1 end
            end
            redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
            if redis.call('EXISTS', KEYS[3]) == 1 then
              redis.call('HSET', KEYS[3], '%s', ARGV[2])
              redis.call('EXPIRE', KEYS[3], ARGV[4])
            end
            return 1
            """.formatted(ParticipantFields.USER_ID, ParticipantFields.LAST_HEARTBEAT);

    private final RedisReactiveCommands<String, String> redis;
    private final Clock clock = Clock.systemUTC();

    public PresenceController(RedisReactiveCommands<String, String> redis) {
        this.redis = redis;
    }

    @PostMapping("/api/v1/meetings/{meetingId}/participants/{participantId}/heartbeat")
    public Mono<ResponseEntity<Void>> heartbeat(@PathVariable String meetingId, @PathVariable String participantId,
                                                ServerWebExchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        Requester requester = context.requester();
        UUID meeting = uuid(meetingId, "meeting id");
        UUID participant = uuid(participantId, "participant id");
        String[] keys = {RedisKeys.meetingParticipants(meeting), RedisKeys.presence(participant), RedisKeys.participant(participant)};
        return redis.<Long>eval(HEARTBEAT, ScriptOutputType.INTEGER, keys, participant.toString(),
                        Long.toString(clock.instant().getEpochSecond()),
                        Long.toString(RedisKeys.PRESENCE_TTL.toSeconds()),
                        Long.toString(RedisKeys.PARTICIPANT_SESSION_TTL.toSeconds()),
                        requester == null ? "" : requester.userId() == null ? "-" : requester.userId().toString(),
                        requester == null || requester.participantId() == null ? "" : requester.participantId().toString())
                .next()
                .map(beat -> {
                    if (beat == 0L) {
                        throw ApiException.notFound("participant " + participant + " is not present in meeting " + meeting);
                    }
                    if (beat < 0L) {
                        throw new ApiException(ErrorCode.FORBIDDEN, "NOT_ALLOWED", "only the participant itself keeps itself present");
                    }
                    return ResponseEntity.noContent().<Void>build();
                });
    }

}
