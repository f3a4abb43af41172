package io.darktower.gateway.meeting;

import io.darktower.commands.meeting.Meeting;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.gateway.api.ApiException;
import java.time.Instant;

/** Request bodies of the meeting API, each validating itself into a clear INVALID_REQUEST. */
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

    record CreateMeetingBody(String displayName, Integer maxParticipants, SettingsBody settings, Instant scheduledStartTime) {
        CreateMeetingBody validated() {
            name(displayName, "displayName");
            if (maxParticipants != null && (maxParticipants < 1 || maxParticipants > Meeting.MAX_CAPACITY)) {
                throw ApiException.invalid("maxParticipants must be between 1 and " + Meeting.MAX_CAPACITY);
            }
            return this;
        }

        int capacity() {
            return maxParticipants == null ? DEFAULT_CAPACITY : maxParticipants;
        }

        MeetingSettings meetingSettings() {
            return settings == null ? MeetingSettings.DEFAULTS : settings.toSettings();
        }
    }

    record JoinMeetingBody(String displayName, String clientVersion) {
        JoinMeetingBody validated() {
            name(displayName, "displayName");
            if (clientVersion != null && clientVersion.length() > Meeting.MAX_CLIENT_VERSION) {
                throw ApiException.invalid("clientVersion is longer than " + Meeting.MAX_CLIENT_VERSION + " characters");
            }
            return this;
        }
    }

    static void name(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid(field + " is required");
        }
        if (value.length() > Meeting.MAX_NAME) {
            throw ApiException.invalid(field + " is longer than " + Meeting.MAX_NAME + " characters");
        }
    }
}
