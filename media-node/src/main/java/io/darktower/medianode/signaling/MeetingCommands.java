package io.darktower.medianode.signaling;

import io.darktower.commands.Rejected;
import io.darktower.commands.meeting.JoinMeeting;
import io.darktower.commands.meeting.LeaveMeeting;
import io.darktower.commands.meeting.PublishStream;
import io.darktower.commands.meeting.SubscribeStream;
import io.darktower.commands.meeting.UnpublishStream;
import io.darktower.commands.meeting.UnsubscribeStream;
import io.darktower.events.EventMetadata;
import io.darktower.events.meeting.Codec;
import io.darktower.events.meeting.LeaveReason;
import io.darktower.events.meeting.StreamPublished;
import io.darktower.events.meeting.StreamType;
import io.darktower.signaling.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.interceptors.JSR303ViolationException;

/**
 * What a participant's session asks for, as the meeting's commands, through the write side like any other edge. Axon
 * and the JDBC event store block: commands run on virtual threads, never on an event loop.
 */
public final class MeetingCommands implements AutoCloseable {

    private final CommandGateway gateway;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    private volatile boolean halted;

    public MeetingCommands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** Who is asking: the participant's user (or a guest) from where its connection comes. */
    public record Caller(UUID userId, String clientIp, String userAgent) {

        EventMetadata metadata() {
            return new EventMetadata(userId == null ? null : userId.toString(), EventMetadata.ACTOR_USER,
                    UUID.randomUUID().toString(), null, clientIp, userAgent);
        }
    }

    public CompletableFuture<Object> join(UUID meetingId, UUID participantId, String displayName, String clientVersion,
                                          Caller caller) {
        return send(new JoinMeeting(meetingId, participantId, caller.userId(), displayName, caller.clientIp(),
                caller.userAgent(), clientVersion, clock.instant()), caller);
    }

    public CompletableFuture<Object> leave(UUID meetingId, UUID participantId, LeaveReason reason, Caller caller) {
        return send(new LeaveMeeting(meetingId, participantId, reason, clock.instant()), caller);
    }

    public CompletableFuture<StreamPublished> publish(UUID meetingId, UUID streamId, UUID participantId, StreamType type,
                                                      Codec codec, long maxBitrate, Caller caller) {
        return send(new PublishStream(meetingId, streamId, participantId, type, codec, maxBitrate, clock.instant()), caller)
                .thenApply(StreamPublished.class::cast);
    }

    public CompletableFuture<Object> unpublish(UUID meetingId, UUID streamId, UUID participantId, Caller caller) {
        return send(new UnpublishStream(meetingId, streamId, participantId, clock.instant()), caller);
    }

    public CompletableFuture<Object> subscribe(UUID meetingId, UUID streamId, UUID subscriberId, Caller caller) {
        return send(new SubscribeStream(meetingId, streamId, subscriberId, clock.instant()), caller);
    }

    public CompletableFuture<Object> unsubscribe(UUID meetingId, UUID streamId, UUID subscriberId, Caller caller) {
        return send(new UnsubscribeStream(meetingId, streamId, subscriberId, clock.instant()), caller);
    }

    /** Sends nothing more, as a node that died: every later request fails without reaching the write side. */
    public void halt() {
        halted = true;
    }

    private CompletableFuture<Object> send(Object command, Caller caller) {
        if (halted) {
            return CompletableFuture.failedFuture(new SignalingException(ErrorCode.INTERNAL_ERROR, "the node is stopping"));
        }
        var message = GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.from(caller.metadata().toMap()));
        return CompletableFuture.supplyAsync(() -> gateway.send(message), executor)
                .thenCompose(f -> f.<Object>thenApply(r -> r));
    }

    /** The signaling error code of a failed command. */
    public static SignalingException failure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return switch (cause) {
            case Rejected rejected -> new SignalingException(code(rejected.reason().code()), rejected.getMessage());
            case JSR303ViolationException invalid -> new SignalingException(ErrorCode.INVALID_REQUEST, "invalid request: "
                    + invalid.getViolations().stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().toList());
            case SignalingException signaling -> signaling;
            default -> new SignalingException(ErrorCode.INTERNAL_ERROR, "the request failed");
        };
    }

    static ErrorCode code(io.darktower.errors.ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST -> ErrorCode.INVALID_REQUEST;
            case UNAUTHORIZED -> ErrorCode.UNAUTHORIZED;
            case FORBIDDEN -> ErrorCode.FORBIDDEN;
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case CONFLICT -> ErrorCode.CONFLICT;
            case CAPACITY_EXCEEDED -> ErrorCode.CAPACITY_EXCEEDED;
            case STREAM_ERROR -> ErrorCode.STREAM_ERROR;
            default -> ErrorCode.INTERNAL_ERROR;
        };
    }

    @Override
    public void close() {
        executor.close();
    }
}
