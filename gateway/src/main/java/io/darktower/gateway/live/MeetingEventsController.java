package io.darktower.gateway.live;

import static io.darktower.gateway.api.PathIds.uuid;

import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.RequestContext;
import io.darktower.gateway.meeting.MeetingAccess;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;

/**
 * A meeting's events as they happen, as Server-Sent Events: {@code id} is the event's sequence in its meeting,
 * {@code event} its wire type, {@code data} its payload as JSON (without where participants connected from). A client
 * that reconnects with {@code Last-Event-ID} gets every event after that one, none twice; without it, the events from
 * its connection on ({@code Last-Event-ID: -1}: all from the first). Comments keep the stream open through proxies:
 * {@code :connected} once it is live, {@code :heartbeat} every 15 seconds. Only the meeting's host and its participants
 * may follow it.
 */
@RestController
public class MeetingEventsController {

    public static final String LAST_EVENT_ID = "Last-Event-ID";

    private final MeetingAccess access;
    private final MeetingEventStream streams;

    MeetingEventsController(MeetingAccess access, MeetingEventStream streams) {
        this.access = access;
        this.streams = streams;
    }

    @GetMapping(path = "/api/v1/meetings/{meetingId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<String>> events(@PathVariable String meetingId,
                                                @RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId,
                                                ServerWebExchange exchange) {
        UUID id = uuid(meetingId, "meeting id");
        long after = resumeFrom(lastEventId);
        return access.requireMember(id, RequestContext.of(exchange))
                .flatMapMany(meeting -> streams.events(id.toString(), after));
    }

    private static long resumeFrom(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return MeetingEventStream.NOW;
        }
        try {
            long sequence = Long.parseLong(lastEventId.strip());
            if (sequence >= -1) {
                return sequence;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid(LAST_EVENT_ID + " is the id of an event of this stream (a sequence number), or -1");
    }
}
