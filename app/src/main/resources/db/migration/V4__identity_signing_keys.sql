-- The keys that sign access tokens (ES256), shared by every instance of the backend so that a token
-- signed by one verifies on all, and kept across restarts. The private key is stored here as a JWK:
-- whoever can read this table (or a backup of it) can sign tokens, so guard both like a password.
CREATE TABLE identity_signing_key (
    kid            varchar(64)  PRIMARY KEY,
    algorithm      varchar(16)  NOT NULL,
    private_jwk    text         NOT NULL,
    public_jwk     text         NOT NULL,
    -- From this instant on the key signs (the newest created key is the one that signs).
    created_at     timestamptz  NOT NULL,
    -- Set when a newer key took over: the key still verifies (and is listed in the JWKS) until this
    -- instant, which lies after the expiry of the last token it can have signed. Null: still signing.
    verify_until   timestamptz
);

CREATE INDEX identity_signing_key_created_at ON identity_signing_key (created_at);
