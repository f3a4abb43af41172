package io.darktower.gateway.meeting;

import java.security.SecureRandom;

/**
 * Short human-readable meeting codes such as {@code abc-defg-hij}: 10 letters, about 47 bits, easy to read
 * aloud. Uniqueness is enforced by the write side; a taken code is simply replaced by a new one.
 */
final class MeetingCodes {

    private static final char[] LETTERS = "abcdefghijkmnopqrstuvwxyz".toCharArray(); // no 'l': it reads like 1
    private static final int[] GROUPS = {3, 4, 3};
    private static final SecureRandom RANDOM = new SecureRandom();

    private MeetingCodes() {
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
