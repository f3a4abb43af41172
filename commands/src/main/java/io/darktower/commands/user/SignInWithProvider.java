package io.darktower.commands.user;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sign in through a provider account already linked to the user (an OpenID Connect login), keeping the provider's
 * fresh tokens as {@link LinkOAuthProvider} does. Answered with a {@link LoginOutcome}: a deactivated account is a
 * recorded failure, as for passwords. The provider account must still be linked to this user (it may have been
 * unlinked since the caller looked it up): otherwise refused, and nothing is recorded.
 *
 * @param link the provider account and its tokens, with {@link LinkOAuthProvider}'s field rules
 */
public record SignInWithProvider(@NotNull @Valid LinkOAuthProvider link) {

    @TargetAggregateIdentifier
    public UUID userId() {
        return link == null ? null : link.userId();
    }

    @Override
    public String toString() {
        return "SignInWithProvider[" + link + "]";
    }
}
