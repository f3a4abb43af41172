package io.darktower.devstack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Why a start failed, as the one line a person reads first: the distinct messages along the cause chain, without
 * the wrappers that only repeat their cause ({@code CompletionException}, {@code new RuntimeException(e)}).
 */
public final class Failures {

    private static final int MAX_PARTS = 3;

    private Failures() {
    }

    public static String oneLine(Throwable failure) {
        List<String> parts = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t) && parts.size() < MAX_PARTS; t = t.getCause()) {
            String message = t.getMessage();
            boolean repeatsCause = t.getCause() != null && t.getCause().toString().equals(message);
            if (message == null || message.isBlank() || repeatsCause) {
                continue;
            }
            String line = message.strip().lines().findFirst().orElse("").strip();
            if (parts.stream().noneMatch(p -> p.contains(line))) {
                parts.add(line);
            }
        }
        return parts.isEmpty() ? rootCause(failure).getClass().getName() : String.join(": ", parts);
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t.getCause() != null && t.getCause() != t && depth < 20; depth++) {
            t = t.getCause();
        }
        return t;
    }
}
