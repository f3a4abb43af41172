package io.darktower.gateway.meeting;

import io.darktower.gateway.api.ApiException;
import java.security.SecureRandom;

/**
 * Short human-readable meeting codes such as {@code abc-defg-hij}: 10 letters, about 47 bits, easy to read
 * aloud. Uniqueness is enforced by the write side; a taken code is simply replaced by a new one.
 */
public final class MeetingCodes {

    private static final char[] LETTERS = "abcdefghijkmnopqrstuvwxyz".toCharArray(); // no 'l': it reads like 1
    private static final int[] GROUPS = {3, 4, 3};
    private static final SecureRandom RANDOM = new SecureRandom();

    private MeetingCodes() {
    }

    /** Refuses (400) what cannot be a meeting code: up to 20 letters, digits and dashes. */
    public static String checked(String meetingCode) {
        if (meetingCode.length() > 20 || !meetingCode.chars().allMatch(c -> c == '-' || Character.isLetterOrDigit(c))) {
            throw ApiException.invalid("a meeting code is up to 20 letters, digits and dashes");
        }
        return meetingCode;
    }

    static String next() {
        StringBuilder code = new StringBuilder(12);
        for (int g = 0; g < GROUPS.length; g++) {
            if (g > 0) {
                code.append('-');
            }
            for (int i = 0; i < GROUPS[g]; i++) {
                code.append(LETTERS[RANDOM.nextInt(LETTERS.length)]);
            }
        }
        return code.toString();
    }
}
