package io.darktower.queries.analytics;

import java.time.LocalDate;

/** The meetings that ended on one UTC day: how many, the largest peak among them, their participants' time. */
public record DailyMeetings(LocalDate day, int meetings, int peakParticipants, long participantSeconds) {
}
