package io.darktower.gateway.meeting;

import io.darktower.commands.meeting.ChangeMeetingSettings;
import io.darktower.events.meeting.Codec;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.events.meeting.StreamType;
import java.time.Instant;

/** Request bodies of the meeting API, mapped onto commands; the commands' declared constraints validate them. */
final class MeetingRequests {

    /** The seed's default for {@code meetings.max_participants}. */
    static final int DEFAULT_CAPACITY = 100;

    private MeetingRequests() {
    }

    record SettingsBody(Boolean e2eEncryption, Boolean requireAuth, Boolean allowRecording, Boolean waitingRoom) {
        MeetingSettings toSettings() {
            MeetingSettings d = MeetingSettings.DEFAULTS;
            return new MeetingSettings(
                    e2eEncryption == null ? d.e2eEncryption() : e2eEncryption,
                    requireAuth == null ? d.requireAuth() : requireAuth,
                    allowRecording == null ? d.allowRecording() : allowRecording,
                    waitingRoom == null ? d.waitingRoom() : waitingRoom);
        }
    }

    /** Fields are checked by the constraints of the command they become ({@code CreateMeeting}). */
    record CreateMeetingBody(String displayName, Integer maxParticipants, SettingsBody settings, Instant scheduledStartTime) {
        int capacity() {
            return maxParticipants == null ? DEFAULT_CAPACITY : maxParticipants;
        }

        MeetingSettings meetingSettings() {
            return settings == null ? MeetingSettings.DEFAULTS : settings.toSettings();
        }
    }

    /**
     * Fields are checked by the constraints of the command they become ({@code JoinMeeting}).
     *
     * @param region where the client is, to place the meeting near it (else {@code X-Client-Region}); optional
     */
    record JoinMeetingBody(String displayName, String clientVersion, String region) {
    }

    /** What a PATCH changes; a field left out keeps its value ({@code ChangeMeetingSettings}). */
    record ChangeSettingsBody(String displayName, Integer maxParticipants, SettingsBody settings, Instant scheduledStartTime) {
        ChangeMeetingSettings.Switches switches() {
            return settings == null ? null : new ChangeMeetingSettings.Switches(settings.e2eEncryption(),
                    settings.requireAuth(), settings.allowRecording(), settings.waitingRoom());
        }
    }

    /** A stream to publish ({@code PublishStream}): {@code streamType} and {@code codec} as the seed writes them. */
    record PublishStreamBody(StreamType streamType, Codec codec, Long maxBitrate) {
    }
}
