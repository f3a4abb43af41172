package io.darktower.commands.user;

import io.darktower.commands.claims.UniqueRelease;
import io.darktower.commands.claims.UniqueRule;
import io.darktower.events.user.OAuthProviderLinked;
import io.darktower.events.user.OAuthProviderUnlinked;
import io.darktower.events.user.UserRegistered;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The user's set-based rules: an email belongs to one account, a provider account is linked to one user. */
@Configuration(proxyBeanMethods = false)
public class UserRules {

    public static final String EMAIL = "email";
    public static final String OAUTH_ACCOUNT = "oauth_account";

    @Bean
    UniqueRule<UserRegistered> uniqueEmail() {
        return UniqueRule.of(EMAIL, UserRegistered.class, UserRegistered::email,
                registered -> registered.userId().toString(), UserRejection.EMAIL_TAKEN);
    }

    @Bean
    UniqueRule<OAuthProviderLinked> uniqueOAuthAccount() {
        return UniqueRule.of(OAUTH_ACCOUNT, OAuthProviderLinked.class, OAuthProviderLinked::identity,
                linked -> linked.userId().toString(), UserRejection.OAUTH_ACCOUNT_TAKEN);
    }

    /** An unlinked provider account may be linked by someone else. */
    @Bean
    UniqueRelease<OAuthProviderUnlinked> releasedOAuthAccount() {
        return UniqueRelease.of(OAUTH_ACCOUNT, OAuthProviderUnlinked.class, OAuthProviderUnlinked::identity,
                unlinked -> unlinked.userId().toString());
    }
}
