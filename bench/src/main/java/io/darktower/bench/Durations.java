package io.darktower.bench;

import java.time.Duration;

/** Durations on the command line: {@code 500ms}, {@code 30s}, {@code 2m}, or a plain number of seconds. */
final class Durations {

    private Durations() {
    }

    static Duration parse(String text) {
        String t = text.trim();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration (500ms, 30s, 2m): " + text, e);
        }
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
