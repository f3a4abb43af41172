package io.darktower.medianode.signaling;

import io.darktower.events.meeting.Codec;
import io.darktower.events.meeting.LeaveReason;
import io.darktower.events.meeting.StreamPublished;
import io.darktower.events.meeting.StreamType;
import io.darktower.media.MediaFrameHeader;
import io.darktower.medianode.roster.MeetingRoster;
import io.darktower.medianode.roster.RosterMember;
import io.darktower.medianode.webtransport.SessionClose;
import io.darktower.medianode.webtransport.SessionHandler;
import io.darktower.medianode.webtransport.WebTransportSession;
import io.darktower.queries.webtransport.WebTransportTokens;
import io.darktower.signaling.ClientMessage;
import io.darktower.signaling.ErrorCode;
import io.darktower.signaling.ErrorMessage;
import io.darktower.signaling.GridLayout;
import io.darktower.signaling.JoinRequest;
import io.darktower.signaling.JoinResponse;
import io.darktower.signaling.ParticipantLeft;
import io.darktower.signaling.Reconnect;
import io.darktower.signaling.ServerMessage;
import io.darktower.signaling.StreamAssignment;
import io.darktower.signaling.StreamAssignments;
import io.darktower.signaling.StreamQualityUpdate;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant's signaling over a WebTransport session: the first bidirectional stream the client opens carries
 * length-prefixed {@link ClientMessage}s and the node's {@link ServerMessage}s.
 *
 * <p>The session is admitted by its first message, a {@link JoinRequest} with a one-time connection token and the
 * join token of the same join ({@link JoinTokens}): the connection token names the meeting and participant, the join
 * token must speak for them; the participant's join is a {@code JoinMeeting} command (or the gateway's, already
 * made), and the session is answered only once that join is in the meeting's events — from then on it hears, in the
 * events' order, who joins and leaves and what is published. Requests become commands; answers carry the request's id.
 * Any message out of place gets an {@link ErrorMessage}; an undecodable stream or a refused admission closes the
 * session. When the session ends without a leave, the participant leaves with {@code connection_lost}.
 *
 * <p>Runs on the session's event loop; the roster and command completions hop onto it.
 */
public final class SignalingSession implements SessionHandler, RosterMember {

    private static final Logger log = LoggerFactory.getLogger(SignalingSession.class);

    private enum State { AWAITING_JOIN, JOINING, JOINED, CLOSED }

    private final WebTransportSession session;
    private final SignalingContext context;
    private final String userAgent;
    private volatile State state = State.AWAITING_JOIN;
    private QuicStreamChannel signaling;
    private int joinRequestId;
    private ScheduledFuture<?> joinDeadline;
    private MeetingRoster roster;
    private UUID meetingId;
    private UUID participantId;
    /** The layout asked for, null for none. */
    private GridLayout layout;
    /** Stream id → frame stream id of the layout's streams: read by the roster's reroute from another thread. */
    private volatile Map<UUID, Integer> assigned = Map.of();
    /** Frame stream id → stream, of the streams this participant published through this session. */
    private final Map<Integer, StreamCounters> publishedHere = new HashMap<>();
    /**
     * Members a frame of this read burst was forwarded to: flushed once at the burst's end. An identity set over a
     * flat table: adding a member allocates nothing (a linked set allocated an entry per member and burst).
     */
    private final Set<RosterMember> dirty = Collections.newSetFromMap(new IdentityHashMap<>());
    private long forwardedFrames;
    private long droppedFrames;
    private ScheduledFuture<?> qualityReports;
    /** This session's outgoing media streams, one per publisher's incoming stream it forwards: on its event loop. */
    private final Map<Object, io.netty.util.concurrent.Future<QuicStreamChannel>> outgoing = new HashMap<>();
    /** The participant's leave is already decided (its own request, or its removal seen in the events). */
    private boolean leaveDecided;

    public SignalingSession(WebTransportSession session, SignalingContext context, String userAgent) {
        this.session = session;
        this.context = context;
        this.userAgent = userAgent;
        context.sessions().add(this);
    }

    // ------------------------------------------------------------------------------------------------ transport

    @Override
    public ChannelHandler stream(WebTransportSession ignored, QuicStreamChannel stream, boolean bidirectional) {
        if (bidirectional && signaling == null) {
            signaling = stream;
            return new ChannelInitializer<QuicStreamChannel>() {
                @Override
                protected void initChannel(QuicStreamChannel channel) {
                    channel.pipeline().addLast(SignalingDecoder.forNode(context.maxMessageSize()), new Inbound());
                }
            };
        }
        if (!bidirectional) {
            // media on a unidirectional stream: length-prefixed frames of one published stream (one stream per GOP)
            return new ChannelInitializer<QuicStreamChannel>() {
                @Override
                protected void initChannel(QuicStreamChannel channel) {
                    channel.pipeline().addLast(MediaStreamFrames.decoder(), new MediaStreamInbound());
                }
            };
        }
        return new Drop();
    }

    /**
     * A media frame from this participant: checked (the header only; the payload is never read), then copied to every
     * member the roster routes its stream to, with only the stream id rewritten. Frames of streams it did not publish
     * here, or claiming another user id, are dropped.
     */
    @Override
    public void datagram(ByteBuf frame) {
        int length = frame.readableBytes();
        StreamCounters stream = accepted(frame, context.node().getMaxDatagramSize());
        if (stream == null) {
            return;
        }
        MeetingRoster.Route[] routes = roster.routes(stream.streamId);
        for (MeetingRoster.Route route : routes) {
            route.member().forward(frame, route.mediaStreamId());
            dirty.add(route.member());
            forwardedFrames++;
        }
        context.sessions().forwarded(length * routes.length);
        context.sessions().forwardedCopies.add(routes.length);
    }

    /**
     * The published stream a frame from this participant belongs to, counted; null (and counted as dropped) when the
     * frame is malformed, longer than {@code maxLength}, claims another user or names a stream not published here.
     */
    private StreamCounters accepted(ByteBuf frame, int maxLength) {
        if (state != State.JOINED) {
            dropped();
            return null;
        }
        int at = frame.readerIndex();
        int length = frame.readableBytes();
        // the header's fields read from the buffer itself: a ByteBuffer view would be a new object per frame
        if (length > maxLength || length < MediaFrameHeader.SIZE
                || MediaFrameHeader.check(length, frame.getUnsignedByte(at + MediaFrameHeader.VERSION_OFFSET),
                        frame.getUnsignedByte(at + MediaFrameHeader.TYPE_OFFSET),
                        frame.getUnsignedInt(at + MediaFrameHeader.PAYLOAD_LENGTH_OFFSET)) != MediaFrameHeader.Check.OK
                || frame.getLong(at + MediaFrameHeader.USER_ID_OFFSET) != MeetingRoster.mediaUserId(participantId)) {
            dropped();
            return null;
        }
        StreamCounters stream = publishedHere.get(frame.getInt(at + MediaFrameHeader.STREAM_ID_OFFSET));
        if (stream == null) {
            dropped();
            return null;
        }
        long lost = stream.count(frame.getLong(at + MediaFrameHeader.SEQUENCE_OFFSET), length);
        if (lost != 0) {
            context.sessions().lostFrames.add(lost);
        }
        context.sessions().receivedFrames.increment();
        context.sessions().receivedBytes.add(length);
        return stream;
    }

    @Override
    public void readComplete() {
        if (!dirty.isEmpty()) {
            for (RosterMember member : dirty) {
                member.flushForwarded();
            }
            dirty.clear();
        }
    }

    @Override
    public int mediaStreamIdFor(UUID streamId) {
        return assigned.getOrDefault(streamId, -1);
    }

    @Override
    public void forward(ByteBuf frame, int mediaStreamId) {
        boolean discardable = (frame.getShort(frame.readerIndex() + MediaFrameHeader.FLAGS_OFFSET) & MediaFrameHeader.DISCARDABLE) != 0;
        if (discardable && !session.writable()) {
            context.sessions().droppedFrames.increment();
            return;   // congested: discardable frames go first
        }
        session.queueDatagram(frame, MediaFrameHeader.STREAM_ID_OFFSET, mediaStreamId);
    }

    @Override
    public void forwardOnStream(Object source, ByteBuf frame, int mediaStreamId) {
        boolean discardable = (frame.getShort(frame.readerIndex() + MediaFrameHeader.FLAGS_OFFSET) & MediaFrameHeader.DISCARDABLE) != 0;
        if (discardable && !session.writable()) {
            context.sessions().droppedFrames.increment();
            return;   // congested: discardable frames go first
        }
        // copied here (the publisher's buffer is released after this call), written on this session's loop
        ByteBuf copy = MediaStreamFrames.encode(session.connection().alloc(), frame, mediaStreamId);
        session.eventLoop().execute(() -> {
            if (state != State.JOINED) {
                copy.release();
                return;
            }
            outgoing.computeIfAbsent(source, s -> session.openStream(false, new Drop())).addListener(opened -> {
                if (opened.isSuccess()) {
                    ((QuicStreamChannel) opened.getNow()).writeAndFlush(copy);
                } else {
                    copy.release();
                }
            });
        });
    }

    @Override
    public void endForwardedStream(Object source) {
        session.eventLoop().execute(() -> {
            io.netty.util.concurrent.Future<QuicStreamChannel> stream = outgoing.remove(source);
            if (stream != null) {
                stream.addListener(opened -> {
                    if (opened.isSuccess()) {
                        ((QuicStreamChannel) opened.getNow()).shutdownOutput();
                    }
                });
            }
        });
    }

    @Override
    public void flushForwarded() {
        session.flush();
    }

    @Override
    public void closed(SessionClose close) {
        State was = state;
        state = State.CLOSED;
        cancelJoinDeadline();
        if (qualityReports != null) {
            qualityReports.cancel(false);
        }
        context.sessions().remove(this);
        if (roster != null) {
            roster.detach(this);
        }
        if (participantId != null) {
            context.presence().disconnected(participantId);
        }
        if (was == State.JOINED && !leaveDecided) {
            leaveDecided = true;
            LeaveReason reason = close.cause() == SessionClose.Cause.PEER_CLOSED ? LeaveReason.VOLUNTARY : LeaveReason.CONNECTION_LOST;
            context.commands().leave(meetingId, participantId, reason, caller()).whenComplete((r, e) -> {
                if (e != null) {
                    log.warn("participant {} of meeting {} could not leave ({}): {}", participantId, meetingId, reason,
                            e.toString());
                }
            });
        }
    }

    /** The signaling stream's inbound end. */
    private final class Inbound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            switch (msg) {
                case ClientMessage message -> receive(message);
                case SignalingException broken -> fail(0, broken, CloseCodes.PROTOCOL_ERROR);
                default -> ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownReadComplete.INSTANCE && state != State.CLOSED) {
                // the client finished its signaling stream: it is done with the session
                session.close(CloseCodes.LEFT, "signaling stream finished");
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("signaling stream of {} failed", session, cause);
            fail(0, new SignalingException(ErrorCode.INTERNAL_ERROR, "the signaling stream failed"), CloseCodes.PROTOCOL_ERROR);
        }
    }

    /**
     * One incoming media stream of this participant: every frame checked as a datagram is (but for the datagram size
     * limit), counted, and forwarded on each routed member's own stream for this one; when it ends, theirs end.
     */
    private final class MediaStreamInbound extends ChannelInboundHandlerAdapter {
        private final Set<RosterMember> reached = new LinkedHashSet<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf frame)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            try {
                StreamCounters stream = accepted(frame, MediaStreamFrames.MAX_FRAME);
                if (stream == null) {
                    return;
                }
                MeetingRoster.Route[] routes = roster.routes(stream.streamId);
                for (MeetingRoster.Route route : routes) {
                    route.member().forwardOnStream(this, frame, route.mediaStreamId());
                    reached.add(route.member());
                }
                context.sessions().forwarded(frame.readableBytes() * routes.length);
                context.sessions().forwardedCopies.add(routes.length);
            } finally {
                frame.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
                finish();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            finish();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a frame longer than allowed, or a broken stream: this stream ends, the session goes on
            log.debug("media stream of {} failed", session, cause);
            finish();
            ctx.close();
        }

        private void finish() {
            for (RosterMember member : reached) {
                member.endForwardedStream(this);
            }
            reached.clear();
        }
    }

    /** Releases whatever arrives. */
    private static final class Drop extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    // ------------------------------------------------------------------------------------------------ requests

    private void receive(ClientMessage message) {
        int requestId = message.getRequestId();
        switch (state) {
            case AWAITING_JOIN -> {
                if (message.hasJoin()) {
                    join(requestId, message.getJoin());
                } else {
                    fail(requestId, new SignalingException(ErrorCode.INVALID_REQUEST, "the first message must be a JoinRequest"),
                            CloseCodes.PROTOCOL_ERROR);
                }
            }
            case JOINING -> error(requestId, ErrorCode.CONFLICT, "the join is not complete yet");
            case JOINED -> joined(requestId, message);
            case CLOSED -> {
            }
        }
    }

    private void joined(int requestId, ClientMessage message) {
        switch (message.getBodyCase()) {
            case JOIN -> error(requestId, ErrorCode.CONFLICT, "already joined");
            case LEAVE -> leave();
            case PUBLISH -> publish(requestId, message.getPublish());
            case UNPUBLISH -> unpublish(requestId, message.getUnpublish().getStreamId());
            case SUBSCRIBE -> layout(requestId, message.getSubscribe().getLayout());
            case UPDATE_LAYOUT -> layout(requestId, message.getUpdateLayout().getLayout());
            case UNSUBSCRIBE -> layout(requestId, null);
            case BODY_NOT_SET -> error(requestId, ErrorCode.INVALID_REQUEST, "a message without a request");
        }
    }

    private void join(int requestId, JoinRequest request) {
        if (context.sessions().draining()) {
            refuse(requestId, ErrorCode.CAPACITY_EXCEEDED, "this node is draining: join through the gateway again");
            return;
        }
        state = State.JOINING;
        joinRequestId = requestId;
        joinDeadline = session.eventLoop().schedule(() -> {
            if (state == State.JOINING) {
                refuse(requestId, ErrorCode.NOT_FOUND, "the join was not confirmed in time");
            }
        }, context.joinTimeout().toMillis(), TimeUnit.MILLISECONDS);
        context.tokens().consume(request.getToken())
                .filter(grant -> WebTransportTokens.MEDIA.equals(grant.connectionType()))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .toFuture()
                // both tokens or nothing: the join token must speak for the participant the connection token names
                .thenCompose(grant -> grant.isEmpty() ? CompletableFuture.completedFuture(grant)
                        : context.joinTokens().checkAsync(request.getJoinToken(), grant.get().meetingId(),
                                grant.get().participantId()).thenApply(checked -> grant))
                .whenComplete(onLoop((grant, failure) -> admit(requestId, request, grant, failure)));
    }

    private void admit(int requestId, JoinRequest request, Optional<WebTransportTokens.Grant> grant, Throwable failure) {
        if (state != State.JOINING) {
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof SignalingException refused) {
            refuse(requestId, refused.code(), refused.getMessage());
            return;
        }
        if (failure != null) {
            log.warn("could not check a connection token", failure);
            refuse(requestId, ErrorCode.INTERNAL_ERROR, "the connection token could not be checked");
            return;
        }
        if (grant.isEmpty()) {
            refuse(requestId, ErrorCode.UNAUTHORIZED, "unknown, expired or used connection token");
            return;
        }
        meetingId = grant.get().meetingId();
        participantId = grant.get().participantId();
        roster = context.rosters().of(meetingId);
        switch (roster.attach(this)) {
            case ADMITTED -> {
                // answered through admitted()
            }
            case GONE -> refuse(requestId, ErrorCode.FORBIDDEN, "participant " + participantId + " has left meeting " + meetingId);
            case PENDING -> {
                if (!request.getDisplayName().isEmpty()) {
                    context.commands().join(meetingId, participantId, request.getDisplayName(),
                                    request.getClientVersion().isEmpty() ? null : request.getClientVersion(), caller())
                            .whenComplete(onLoop((outcome, refused) -> {
                                if (refused != null && state == State.JOINING) {
                                    SignalingException e = MeetingCommands.failure(refused);
                                    refuse(requestId, e.code(), e.getMessage());
                                }
                            }));
                }
                // without a display name the gateway made the join: its event is awaited
            }
        }
    }

    private void leave() {
        leaveDecided = true;
        context.commands().leave(meetingId, participantId, LeaveReason.VOLUNTARY, caller())
                .whenComplete(onLoop((r, e) -> session.close(CloseCodes.LEFT, "left")));
    }

    private void publish(int requestId, io.darktower.signaling.PublishStream request) {
        StreamType type;
        Codec codec;
        try {
            type = StreamType.fromWire(request.getStreamType());
            codec = Codec.fromWire(request.getCodec());
        } catch (IllegalArgumentException e) {
            error(requestId, ErrorCode.INVALID_REQUEST, e.getMessage());
            return;
        }
        // one stream per publisher and media stream id: a repeated request answers with the same stream
        UUID streamId = UUID.nameUUIDFromBytes(("publish-stream:" + participantId + ":" + request.getMediaStreamId())
                .getBytes(StandardCharsets.UTF_8));
        context.commands().publish(meetingId, streamId, participantId, type, codec, request.getMaxBitrate(), caller())
                .whenComplete(onLoop((StreamPublished published, Throwable failure) -> {
                    if (failure != null) {
                        SignalingException e = MeetingCommands.failure(failure);
                        error(requestId, e.code(), e.getMessage());
                        return;
                    }
                    publishedHere.computeIfAbsent(request.getMediaStreamId(), ignored -> new StreamCounters(published.streamId()));
                    send(ServerMessage.newBuilder().setRequestId(requestId).setStreamPublished(
                            io.darktower.signaling.StreamPublished.newBuilder()
                                    .setStream(MeetingRoster.stream(published))
                                    .setMediaStreamId(request.getMediaStreamId())).build());
                }));
    }

    private void layout(int requestId, GridLayout requested) {
        if (requested != null && !GridLayouts.valid(requested)) {
            error(requestId, ErrorCode.INVALID_REQUEST, "a grid has 1 to " + GridLayouts.MAX_TILES + " tiles");
            return;
        }
        layout = requested;
        relayout(requestId, true);
    }

    /**
     * Fills the layout from the roster as it is now; subscribes to the streams that came in and unsubscribes from those
     * that went (commands: the subscriptions are the meeting's facts, and the routes follow their events); the client
     * gets the assignments when they changed or when it asked.
     */
    private void relayout(int requestId, boolean asked) {
        List<StreamAssignment> assignments = layout == null ? List.of()
                : GridLayouts.assign(layout, roster.participants(), participantId.toString());
        Map<UUID, Integer> next = new HashMap<>();
        assignments.forEach(a -> next.put(UUID.fromString(a.getStreamId()), a.getMediaStreamId()));
        Map<UUID, Integer> before = assigned;
        if (!asked && next.equals(before)) {
            return;
        }
        assigned = Map.copyOf(next);
        for (UUID stream : next.keySet()) {
            if (!before.containsKey(stream)) {
                context.commands().subscribe(meetingId, stream, participantId, caller()).whenComplete(this::logRefusal);
            }
        }
        for (UUID stream : before.keySet()) {
            if (!next.containsKey(stream)) {
                context.commands().unsubscribe(meetingId, stream, participantId, caller()).whenComplete(this::logRefusal);
            }
        }
        roster.reroute();
        send(ServerMessage.newBuilder().setRequestId(requestId)
                .setStreamAssignments(StreamAssignments.newBuilder().addAllAssignments(assignments)).build());
    }

    private void logRefusal(Object outcome, Throwable failure) {
        if (failure != null) {
            log.debug("participant {}: subscription change refused: {}", participantId, failure.toString());
        }
    }

    private void unpublish(int requestId, String streamId) {
        UUID id;
        try {
            id = UUID.fromString(streamId);
        } catch (IllegalArgumentException e) {
            error(requestId, ErrorCode.INVALID_REQUEST, "not a stream id: " + streamId);
            return;
        }
        context.commands().unpublish(meetingId, id, participantId, caller()).whenComplete(onLoop((r, failure) -> {
            if (failure != null) {
                SignalingException e = MeetingCommands.failure(failure);
                error(requestId, e.code(), e.getMessage());
            } else {
                send(ServerMessage.newBuilder().setRequestId(requestId).setStreamUnpublished(
                        io.darktower.signaling.StreamUnpublished.newBuilder().setStreamId(streamId)
                                .setParticipantId(participantId.toString())).build());
            }
        }));
    }

    // ------------------------------------------------------------------------------------------------ roster

    @Override
    public UUID participantId() {
        return participantId;
    }

    /** Read by heartbeats from another thread: a stale answer is fine. */
    boolean isJoined() {
        return state == State.JOINED;
    }

    int publishedStreams() {
        return publishedHere.size();
    }

    @Override
    public void admitted(JoinResponse.Builder response) {
        JoinResponse answer = response.setNode(context.node()).build();
        session.eventLoop().execute(() -> {
            if (state != State.JOINING) {
                return;
            }
            state = State.JOINED;
            cancelJoinDeadline();
            long every = context.qualityInterval().toMillis();
            qualityReports = session.eventLoop().scheduleAtFixedRate(this::reportQuality, every, every, TimeUnit.MILLISECONDS);
            context.presence().connected(participantId);
            send(ServerMessage.newBuilder().setRequestId(joinRequestId).setJoinResponse(answer).build());
        });
    }

    @Override
    public void tell(ServerMessage message) {
        session.eventLoop().execute(() -> {
            if (state == State.JOINED) {
                send(message);
                if (layout != null) {
                    relayout(0, false);   // who and what is in the grid may have changed
                }
            }
        });
    }

    @Override
    public void removed(LeaveReason reason) {
        session.eventLoop().execute(() -> {
            leaveDecided = true;
            if (state == State.CLOSED) {
                return;
            }
            last(ServerMessage.newBuilder().setParticipantLeft(ParticipantLeft.newBuilder()
                    .setParticipantId(participantId.toString()).setReason(reason.wire())).build());
            session.close(CloseCodes.REMOVED, reason.wire());
        });
    }

    /** The node drains: the client is told to come back through the gateway, and the session ends. */
    void reconnectElsewhere(String reason) {
        session.eventLoop().execute(() -> {
            if (state == State.CLOSED) {
                return;
            }
            last(ServerMessage.newBuilder().setReconnect(Reconnect.newBuilder().setReason(reason)).build());
            session.close(CloseCodes.RECONNECT, reason);
        });
    }

    /**
     * The figures of every stream published here that carried frames since the last report, sent to the publisher and
     * to every member of this node the stream is routed to (its subscribers here).
     */
    private void reportQuality() {
        if (state != State.JOINED) {
            return;
        }
        for (StreamCounters stream : publishedHere.values()) {
            StreamQualityUpdate update = stream.report();
            if (update == null) {
                continue;
            }
            ServerMessage message = ServerMessage.newBuilder().setStreamQuality(update).build();
            send(message);
            for (MeetingRoster.Route route : roster.routes(stream.streamId)) {
                route.member().quality(message);
            }
        }
    }

    @Override
    public void quality(ServerMessage message) {
        session.eventLoop().execute(() -> {
            if (state == State.JOINED) {
                send(message);
            }
        });
    }

    private void dropped() {
        droppedFrames++;
        context.sessions().droppedFrames.increment();
    }

    // ------------------------------------------------------------------------------------------------ answers

    private void send(ServerMessage message) {
        if (signaling != null && signaling.isActive()) {
            signaling.writeAndFlush(SignalingEncoder.encode(signaling.alloc(), message));
        }
    }

    /** The session's last message: the signaling stream is finished after it rather than reset with the session. */
    private void last(ServerMessage message) {
        if (signaling != null && signaling.isActive()) {
            session.disown(signaling);
            signaling.writeAndFlush(SignalingEncoder.encode(signaling.alloc(), message))
                    .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        }
    }

    private void error(int requestId, ErrorCode code, String text) {
        send(ServerMessage.newBuilder().setRequestId(requestId)
                .setError(ErrorMessage.newBuilder().setCode(code).setMessage(text == null ? "" : text)).build());
    }

    /** The session is not admitted: told why, then closed. */
    private void refuse(int requestId, ErrorCode code, String text) {
        fail(requestId, new SignalingException(code, text), CloseCodes.REFUSED);
    }

    private void fail(int requestId, SignalingException failure, int closeCode) {
        if (state == State.CLOSED) {
            return;
        }
        last(ServerMessage.newBuilder().setRequestId(requestId).setError(ErrorMessage.newBuilder()
                .setCode(failure.code()).setMessage(failure.getMessage() == null ? "" : failure.getMessage())).build());
        session.close(closeCode, failure.getMessage());
    }

    private void cancelJoinDeadline() {
        if (joinDeadline != null) {
            joinDeadline.cancel(false);
            joinDeadline = null;
        }
    }

    private MeetingCommands.Caller caller() {
        String ip = session.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : null;
        return new MeetingCommands.Caller(null, ip, userAgent);
    }

    /** A completion that continues on the session's event loop. */
    private <T> BiConsumer<T, Throwable> onLoop(BiConsumer<T, Throwable> then) {
        return (value, failure) -> session.eventLoop().execute(() -> then.accept(value, failure));
    }
}
