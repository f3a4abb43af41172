package io.darktower.commands.apikey;

import io.darktower.events.apikey.ApiKeyIssued;

/**
 * The answer to {@link IssueApiKey}: the key as first issued, and whether this command issued it ({@code false} for a
 * retry, whose newly generated secret was not stored and must not be shown).
 */
public record IssuedApiKey(ApiKeyIssued key, boolean issuedNow) {
}
