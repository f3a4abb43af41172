package io.darktower.gateway.user;

import io.darktower.commands.user.User;
import io.darktower.commands.validation.Text;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.Map;

/**
 * Request bodies of the user API. Fields are checked by the constraints of the command each becomes; the text forms
 * hide passwords and tokens, so no log line can carry one.
 */
final class UserRequests {

    private UserRequests() {
    }

    record RegisterBody(String email, String displayName, String password) {
        @Override
        public String toString() {
            return "RegisterBody[email=" + email + ", password=***]";
        }
    }

    record ProfileBody(String displayName, Map<String, Object> metadata) {
    }

    record PasswordBody(String oldPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordBody[***]";
        }
    }

    /** Checked here (not by a command): the email is looked up before any command is sent. */
    record LoginBody(
            @NotNull @Text(max = User.MAX_EMAIL, required = true) String email,
            @NotNull @Text(max = User.MAX_PASSWORD) String password) {
        @Override
        public String toString() {
            return "LoginBody[email=" + email + ", password=***]";
        }
    }

    record OAuthLinkBody(String providerUserId, String accessToken, String refreshToken, Instant tokenExpiresAt) {
        @Override
        public String toString() {
            return "OAuthLinkBody[providerUserId=" + providerUserId + ", tokens=***]";
        }
    }
}
