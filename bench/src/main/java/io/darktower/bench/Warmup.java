package io.darktower.bench;

import java.time.Duration;

/**
 * Load sent before the measured phases and not counted in them, so that the platform's JIT (C2) has compiled
 * the hot paths and its pools are filled: without it the first phase (create) measures a cold JVM.
 *
 * @param seconds  warm up for this long (0: not by time)
 * @param commands warm up for this many commands (0: not by count)
 */
record Warmup(long seconds, long commands) {

    static final Warmup NONE = new Warmup(0, 0);

    /** {@code 60s} (or {@code 2m}) is a duration, a plain number is a count of commands, {@code 0} is none. */
    static Warmup parse(String text) {
        String t = text.trim();
        if (t.equals("0") || t.isEmpty()) {
            return NONE;
        }
        if (Character.isDigit(t.charAt(t.length() - 1))) {
            long commands = Long.parseLong(t);
            if (commands < 0) {
                throw new IllegalArgumentException("--warmup must not be negative: " + text);
            }
            return new Warmup(0, commands);
        }
        return new Warmup(Math.max(1, Durations.parse(t).toSeconds()), 0);
    }

    boolean none() {
        return seconds == 0 && commands == 0;
    }

    Duration duration() {
        return Duration.ofSeconds(seconds);
    }

    String describe() {
        return none() ? "none" : seconds > 0 ? seconds + "s" : commands + " commands";
    }
}
