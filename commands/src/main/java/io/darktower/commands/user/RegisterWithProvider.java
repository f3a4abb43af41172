package io.darktower.commands.user;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.util.Objects;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Open an account for a provider account that signs in for the first time (an OpenID Connect login), link it and
 * record the sign-in: one command, so one transaction, and no account is ever left without the link it was opened
 * for. The email must not belong to another account, nor the provider account to another user (both refused, with
 * nothing recorded).
 *
 * @param account the account, with {@link RegisterUser}'s field rules; without password
 * @param link    the provider account and its tokens, with {@link LinkOAuthProvider}'s field rules; the same user id
 */
public record RegisterWithProvider(@NotNull @Valid RegisterUser account, @NotNull @Valid LinkOAuthProvider link) {

    @TargetAggregateIdentifier
    public UUID userId() {
        return account == null ? null : account.userId();
    }

    /** The account and the link name one user, and the account has no password (it signs in through the provider). */
    @AssertTrue
    public boolean isConsistent() {
        return account == null || link == null
                || Objects.equals(account.userId(), link.userId()) && account.password() == null;
    }

    @Override
    public String toString() {
        return "RegisterWithProvider[" + account + ", " + link + "]";
    }
}
