-- The gateway's own state (not a read model: nothing here can be rebuilt from the event log, and no event carries it).
-- Secrets are kept only as hashes (refresh tokens) or sealed with the platform's keyring (signing keys' private halves).

-- Keys that sign access, guest and join tokens. The newest unretired key signs; every key still listed verifies, so a
-- token signed before a rotation is accepted until it expires. Every gateway instance reads the same rows.
CREATE TABLE signing_keys (
    key_id       VARCHAR(64) PRIMARY KEY,
    algorithm    VARCHAR(16) NOT NULL,
    public_jwk   TEXT        NOT NULL,
    private_key  BYTEA       NOT NULL,  -- the private JWK, sealed (io.darktower.crypto.Sealed)
    created_at   TIMESTAMPTZ NOT NULL,
    retired_at   TIMESTAMPTZ            -- no longer signs; still verifies until the tokens it signed expired
);

-- A sign-in's chain of refresh tokens: each use spends one and issues the next; a spent one presented again revokes
-- the family (whoever holds either copy has to sign in again).
CREATE TABLE refresh_families (
    family_id      UUID PRIMARY KEY,
    user_id        UUID        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    revoked_at     TIMESTAMPTZ,
    revoked_reason VARCHAR(32)
);

CREATE TABLE refresh_tokens (
    token_hash  CHAR(64) PRIMARY KEY,   -- SHA-256 (hex) of the 256-bit random token
    family_id   UUID        NOT NULL REFERENCES refresh_families (family_id) ON DELETE CASCADE,
    issued_at   TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    spent_at    TIMESTAMPTZ
);

CREATE INDEX idx_refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX idx_refresh_families_user ON refresh_families (user_id);
