package io.darktower.commands.user;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashing: Argon2id (Spring Security's current defaults: 16 MiB, 2 iterations, 16-byte salt, 32-byte hash)
 * through Bouncy Castle. The hash is an encoded string naming its own parameters, so they can be raised later and old
 * hashes still verify. Deliberately slow: call it from command handlers, never on an event-loop thread.
 */
@Component
public class Passwords {

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** Verified against when there is no account, so an unknown email takes as long as a wrong password. */
    private final String decoy = encoder.encode("decoy password, never valid");

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return password != null && hash != null && encoder.matches(password, hash);
    }

    /** Spends the time of one verification and answers false: for sign-ins to accounts that do not exist. */
    public boolean matchesNothing(String password) {
        encoder.matches(password == null ? "" : password, decoy);
        return false;
    }
}
