package io.darktower.queries.analytics;

import java.time.LocalDate;

/**
 * A subject's usage on one UTC day: a user (its id) or a region.
 *
 * @param meetings           distinct meetings the subject was present in that day
 * @param sessions           participant sessions present that day
 * @param participantSeconds time spent in meetings that day (a session over midnight counts on each day its part)
 */
public record DailyUsage(LocalDate day, String subject, int meetings, int sessions, long participantSeconds,
                         double participantMinutes) {
}
