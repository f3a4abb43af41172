package io.darktower.gateway.meeting;

import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.Callers;
import io.darktower.gateway.api.RequestContext;
import io.darktower.queries.meeting.MeetingQueries;
import io.darktower.queries.meeting.MeetingView;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who may see inside a meeting (its participants, its live events): its host and its participants, as the read model
 * has them. Reads the caller from {@link RequestContext#userId()} only, so it keeps working when authentication
 * replaces the interim header.
 */
@Component
public class MeetingAccess {

    /** The reason of a 403 for a caller who is neither the host nor a participant. */
    public static final String NOT_A_MEMBER = "NOT_A_MEMBER";

    private final MeetingQueries queries;

    public MeetingAccess(MeetingQueries queries) {
        this.queries = queries;
    }

    /** The meeting, if the caller is its host or one of its participants: 401 without a caller, 404, 403 otherwise. */
    public Mono<MeetingView> requireMember(UUID meetingId, RequestContext context) {
        UUID caller = context.userId();
        if (caller == null) {
            return Mono.error(new ApiException(ErrorCode.UNAUTHORIZED, Callers.CALLER_REQUIRED,
                    "only the meeting's host and participants see this"));
        }
        return queries.findMeeting(meetingId)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("no meeting " + meetingId)))
                .flatMap(meeting -> caller.equals(meeting.createdByUserId())
                        ? Mono.just(meeting)
                        : queries.isMember(meetingId, caller).flatMap(member -> member
                                ? Mono.just(meeting)
                                : Mono.error(new ApiException(ErrorCode.FORBIDDEN, NOT_A_MEMBER,
                                        "only the meeting's host and participants see this"))));
    }
}
