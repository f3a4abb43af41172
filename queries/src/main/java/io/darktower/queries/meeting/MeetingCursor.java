package io.darktower.queries.meeting;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a page of meetings ends in the list's order (created_at, then meeting id, both descending): the next page
 * starts after it, so pages neither repeat nor skip a meeting however many are created meanwhile. Opaque to clients:
 * the URL-safe Base64 of {@code <epoch micros>:<meeting id>}.
 */
public record MeetingCursor(Instant createdAt, UUID meetingId) {

    public String encode() {
        long micros = createdAt.getEpochSecond() * 1_000_000L + createdAt.getNano() / 1_000;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + ":" + meetingId).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor a client sent back; empty when it is not one this class made. */
    public static Optional<MeetingCursor> decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            int colon = plain.indexOf(':');
            if (colon < 1) {
                return Optional.empty();
            }
            long micros = Long.parseLong(plain.substring(0, colon));
            return Optional.of(new MeetingCursor(Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1_000L)),
                    UUID.fromString(plain.substring(colon + 1))));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
