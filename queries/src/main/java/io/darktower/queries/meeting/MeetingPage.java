package io.darktower.queries.meeting;

import java.util.List;

/**
 * One page of a meeting list.
 *
 * @param next where the following page starts, or null on the last page
 */
public record MeetingPage(List<MeetingView> items, MeetingCursor next) {
}
