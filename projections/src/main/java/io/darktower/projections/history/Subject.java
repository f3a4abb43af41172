package io.darktower.projections.history;

import io.darktower.events.Aggregates;
import java.util.Arrays;
import java.util.Optional;

/** What a history is asked for: the aggregate types an auditor follows, under their path names. */
public enum Subject {
    MEETING("meetings", Aggregates.MEETING.name()),
    USER("users", Aggregates.USER.name()),
    API_KEY("api-keys", Aggregates.API_KEY.name());

    private final String path;
    private final String aggregateType;

    Subject(String path, String aggregateType) {
        this.path = path;
        this.aggregateType = aggregateType;
    }

    /** The path segment under {@code /api/v1/audit/} and the CLI's option name without dashes. */
    public String path() {
        return path;
    }

    /** The aggregate type whose events make this subject's state ({@code meeting}, {@code user}, {@code api_key}). */
    public String aggregateType() {
        return aggregateType;
    }

    public static Optional<Subject> ofPath(String path) {
        return Arrays.stream(values()).filter(s -> s.path.equals(path)).findFirst();
    }
}
