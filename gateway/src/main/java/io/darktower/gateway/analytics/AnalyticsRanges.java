package io.darktower.gateway.analytics;

import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The time ranges the analytics endpoints take, checked once: a malformed date or a range that is reversed or too
 * long is the caller's error, 400 with a stable {@code reason} ({@code INVALID_DATE}, {@code INVALID_RANGE}).
 */
final class AnalyticsRanges {

    /** The longest range of days one answer covers. */
    static final int MAX_DAYS = 366;
    /** The longest range of a node's load history in one answer. */
    static final Duration MAX_LOAD_RANGE = Duration.ofDays(31);

    static final String INVALID_DATE = "INVALID_DATE";
    static final String INVALID_RANGE = "INVALID_RANGE";

    private AnalyticsRanges() {
    }

    /** UTC days {@code from} to {@code to}, both included; {@code to} defaults to today, {@code from} to 29 days before. */
    record Days(LocalDate from, LocalDate to) {

        static Days of(String from, String to, Instant now) {
            LocalDate last = to == null || to.isBlank() ? LocalDate.ofInstant(now, ZoneOffset.UTC) : date(to, "to");
            LocalDate first = from == null || from.isBlank() ? last.minusDays(29) : date(from, "from");
            if (first.isAfter(last)) {
                throw invalid(INVALID_RANGE, "from " + first + " is after to " + last);
            }
            if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
                throw invalid(INVALID_RANGE, "at most " + MAX_DAYS + " days at once");
            }
            return new Days(first, last);
        }

        Instant start() {
            return from.atStartOfDay().toInstant(ZoneOffset.UTC);
        }

        Instant end() {
            return to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
    }

    /** Instants {@code from} (included) to {@code to} (excluded); a date means the start of that UTC day. */
    record Times(Instant from, Instant to) {

        static Times of(String from, String to, Instant now) {
            Instant end = to == null || to.isBlank() ? now : instant(to, "to");
            Instant start = from == null || from.isBlank() ? end.minus(Duration.ofDays(1)) : instant(from, "from");
            if (!start.isBefore(end)) {
                throw invalid(INVALID_RANGE, "from " + start + " is not before to " + end);
            }
            if (Duration.between(start, end).compareTo(MAX_LOAD_RANGE) > 0) {
                throw invalid(INVALID_RANGE, "at most " + MAX_LOAD_RANGE.toDays() + " days at once");
            }
            return new Times(start, end);
        }
    }

    private static LocalDate date(String value, String name) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(INVALID_DATE, name + " '" + value + "' is not a date (yyyy-MM-dd)");
        }
    }

    private static Instant instant(String value, String name) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(INVALID_DATE, name + " '" + value + "' is not an instant (2026-03-01T10:00:00Z) or a date");
        }
    }

    static ApiException invalid(String reason, String detail) {
        return new ApiException(ErrorCode.INVALID_REQUEST, reason, detail);
    }
}
