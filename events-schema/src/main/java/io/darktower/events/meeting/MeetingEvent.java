package io.darktower.events.meeting;

import java.util.UUID;

/**
 * Every fact about one meeting. Sealed: a projection that switches over it exhaustively
 * fails to compile when a new meeting event is added and not handled.
 */
public sealed interface MeetingEvent
        permits MeetingCreated, MeetingSettingsChanged, MeetingStarted, ControllerAssigned, MediaHandlerAssigned,
        ParticipantWaiting, ParticipantAdmitted, ParticipantRejected, ParticipantJoined, ParticipantLeft,
        StreamPublished, StreamUnpublished, StreamSubscribed, StreamUnsubscribed, MeetingEnded,
        MeetingPurged {

    /** The aggregate the fact belongs to; also the Kafka key of its record. */
    UUID meetingId();
}
