package io.darktower.events.apikey;

import java.util.UUID;

/** Every fact about one API key. The key's secret never appears; its hash only sealed. */
public sealed interface ApiKeyEvent permits ApiKeyIssued, ApiKeyRevoked, ApiKeyPurged {

    UUID keyId();
}
