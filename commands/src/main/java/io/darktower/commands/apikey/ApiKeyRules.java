package io.darktower.commands.apikey;

import io.darktower.commands.claims.UniqueRule;
import io.darktower.crypto.Keyring;
import io.darktower.events.apikey.ApiKeyIssued;
import io.darktower.events.apikey.ApiKeySecrets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An API-key hash belongs to one key. The event carries the hash sealed; the claim holds it open (a lookup table of
 * the write side, like the read model's {@code api_keys.key_hash}), opened here with the keyring.
 */
@Configuration(proxyBeanMethods = false)
public class ApiKeyRules {

    public static final String API_KEY_HASH = "api_key_hash";

    @Bean
    UniqueRule<ApiKeyIssued> uniqueApiKeyHash(Keyring keyring) {
        return UniqueRule.of(API_KEY_HASH, ApiKeyIssued.class,
                issued -> keyring.open(issued.keyHash(), ApiKeySecrets.keyHash(issued.keyId())),
                issued -> issued.keyId().toString(), ApiKeyRejection.API_KEY_HASH_TAKEN);
    }
}
