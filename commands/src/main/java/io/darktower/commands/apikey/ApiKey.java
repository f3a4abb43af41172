package io.darktower.commands.apikey;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.darktower.crypto.Keyring;
import io.darktower.events.apikey.ApiKeyIssued;
import io.darktower.events.apikey.ApiKeyPurged;
import io.darktower.events.apikey.ApiKeyRevoked;
import io.darktower.events.apikey.ApiKeySecrets;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One API key: issued to a user with scopes and an optional expiry, revoked by that user. Expiry is not an event:
 * a key past {@code expires_at} simply stops authenticating (the read side compares it with the clock).
 * Uses are telemetry ({@code api_keys.last_used_at}), not facts.
 */
@Aggregate
public class ApiKey {

    public static final int MAX_NAME = 255;
    /** The seed's {@code api_keys.key_prefix}. */
    public static final int MAX_PREFIX = 20;

    @AggregateIdentifier
    private UUID keyId;
    private ApiKeyIssued issued;
    private boolean revoked;
    private boolean purged;

    protected ApiKey() {
        // for event sourcing, and for issuing (IssueApiKey runs on a fresh instance)
    }

    /**
     * Issues the key, or, when it exists already (a retried request: same idempotency key, same key id), answers with
     * the key as first issued and issues nothing; the retry's own secret is then discarded by the edge.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public IssuedApiKey handle(IssueApiKey command, Keyring keyring) {
        if (issued != null) {
            if (!issued.userId().equals(command.userId()) || !issued.name().equals(command.name())
                    || !issued.scopes().equals(command.scopes().stream().distinct().sorted().toList())
                    || !Objects.equals(issued.expiresAt(), command.expiresAt())) {
                throw ApiKeyRejection.IDEMPOTENCY_KEY_REUSED.because(
                        "API key " + keyId + " was issued by an earlier request with other details");
            }
            return new IssuedApiKey(issued, false);
        }
        if (command.expiresAt() != null && !command.expiresAt().isAfter(command.requestedAt())) {
            throw ApiKeyRejection.EXPIRY_NOT_IN_FUTURE.because("an API key must expire in the future");
        }
        apply(new ApiKeyIssued(command.keyId(), command.userId(), command.name(),
                keyring.seal(command.keyHash(), ApiKeySecrets.keyHash(command.keyId())), command.keyPrefix(),
                List.copyOf(command.scopes()), command.expiresAt(), command.requestedAt()));
        return new IssuedApiKey(issued, true);
    }

    @CommandHandler
    public void handle(RevokeApiKey command) {
        if (!issued.userId().equals(command.userId())) {
            throw ApiKeyRejection.API_KEY_NOT_FOUND.because("user " + command.userId() + " has no API key " + keyId);
        }
        if (revoked) {
            return;
        }
        apply(new ApiKeyRevoked(keyId, issued.userId(), command.requestedAt()));
    }

    /**
     * Retention: a revoked key, or one past its expiry, leaves the read model.
     *
     * @return true when this command purged it, false when it was purged already
     */
    @CommandHandler
    public boolean handle(PurgeApiKey command) {
        if (purged) {
            return false;
        }
        ApiKeyPurged.Reason reason;
        if (revoked) {
            reason = ApiKeyPurged.Reason.REVOKED;
        } else if (issued.expiresAt() != null && !issued.expiresAt().isAfter(command.requestedAt())) {
            reason = ApiKeyPurged.Reason.EXPIRED;
        } else {
            throw ApiKeyRejection.RETENTION_NOT_OVER.because("API key " + keyId + " is neither revoked nor expired");
        }
        apply(new ApiKeyPurged(keyId, issued.userId(), reason, command.requestedAt()));
        return true;
    }

    @EventSourcingHandler
    void on(ApiKeyIssued event) {
        issued = event;
        keyId = event.keyId();
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        revoked = true;
    }

    @EventSourcingHandler
    void on(ApiKeyPurged event) {
        purged = true;
    }
}
