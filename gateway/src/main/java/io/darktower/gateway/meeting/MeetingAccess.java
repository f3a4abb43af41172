package io.darktower.gateway.meeting;

import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.Caller;
import io.darktower.gateway.api.Callers;
import io.darktower.gateway.api.RequestContext;
import io.darktower.queries.meeting.MeetingQueries;
import io.darktower.queries.meeting.MeetingView;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who may see inside a meeting (its participants, its live events): its host and its participants, as the read model
 * has them, a participant's join token for that meeting, and administrators; and whose meetings a caller may list (its
 * own, or anyone's for an administrator). The security chain has already checked the scope ({@code meetings:read}) or
 * the meeting of a join token; this adds what depends on the meeting's members.
 */
@Component
public class MeetingAccess {

    /** The reason of a 403 for a caller who is neither the host nor a participant. */
    public static final String NOT_A_MEMBER = "NOT_A_MEMBER";

    private final MeetingQueries queries;

    public MeetingAccess(MeetingQueries queries) {
        this.queries = queries;
    }

    /**
     * The meeting, if the caller is its host, one of its participants (as a user, or with a join token of this
     * meeting) or an administrator: 401 without a caller, 404, 403 otherwise.
     */
    public Mono<MeetingView> requireMember(UUID meetingId, RequestContext context) {
        if (context.caller() == null) {
            return Mono.error(new ApiException(ErrorCode.UNAUTHORIZED, Callers.CALLER_REQUIRED,
                    "only the meeting's host and participants see this"));
        }
        UUID user = context.userId();
        boolean participantToken = context.caller().kind() == Caller.Kind.PARTICIPANT
                && meetingId.equals(context.caller().meetingId());
        return queries.findMeeting(meetingId)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("no meeting " + meetingId)))
                .flatMap(meeting -> {
                    if (context.admin() || participantToken || user != null && user.equals(meeting.createdByUserId())) {
                        return Mono.just(meeting);
                    }
                    return (user == null ? Mono.just(false) : queries.isMember(meetingId, user))
                            .flatMap(member -> member ? Mono.just(meeting) : Mono.error(new ApiException(
                                    ErrorCode.FORBIDDEN, NOT_A_MEMBER, "only the meeting's host and participants see this")));
                });
    }

    /**
     * Whose meetings the caller may list when it asks for {@code requested}'s (null: not said): its own (the default),
     * anyone's or everyone's (null) for an administrator; 403 for another user's, or for a caller acting for no user.
     */
    public UUID listableFor(UUID requested, RequestContext context) {
        if (context.admin()) {
            return requested;
        }
        if (context.userId() == null) {
            throw new ApiException(ErrorCode.FORBIDDEN, MeetingController.USER_REQUIRED, "meetings are listed for a user");
        }
        if (requested != null && !requested.equals(context.userId())) {
            throw new ApiException(ErrorCode.FORBIDDEN, Callers.NOT_YOURSELF,
                    "a user lists only the meetings it created or took part in");
        }
        return context.userId();
    }
}
