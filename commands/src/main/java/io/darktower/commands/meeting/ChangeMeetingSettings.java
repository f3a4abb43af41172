package io.darktower.commands.meeting;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import io.darktower.events.meeting.MeetingSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Change a meeting's name, capacity, switches or scheduled start; a null field (or switch) keeps its value, since
 * only the meeting knows its current one. Only its creator or an admin may; the same values again change nothing.
 * Capacity cannot drop below the participants present.
 */
public record ChangeMeetingSettings(
        @TargetAggregateIdentifier @NotNull UUID meetingId,
        @Text(max = Meeting.MAX_NAME) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String displayName,
        @Min(1) @Max(Meeting.MAX_CAPACITY) Integer maxParticipants,
        Switches settings,
        @StorableInstant Instant scheduledStartTime,
        UUID requestedByUserId,
        boolean requestedByAdmin,
        @NotNull @StorableInstant Instant requestedAt) {

    /** The switches to change; a null one keeps its value. */
    public record Switches(Boolean e2eEncryption, Boolean requireAuth, Boolean allowRecording, Boolean waitingRoom) {

        public static Switches of(MeetingSettings settings) {
            return new Switches(settings.e2eEncryption(), settings.requireAuth(), settings.allowRecording(),
                    settings.waitingRoom());
        }

        MeetingSettings applyTo(MeetingSettings current) {
            return new MeetingSettings(
                    e2eEncryption == null ? current.e2eEncryption() : e2eEncryption,
                    requireAuth == null ? current.requireAuth() : requireAuth,
                    allowRecording == null ? current.allowRecording() : allowRecording,
                    waitingRoom == null ? current.waitingRoom() : waitingRoom);
        }
    }
}
