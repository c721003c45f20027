-- The player context's command-side lookup tables (set-based validation): each row claims a value
-- for one player, and the unique keys make sure no value is claimed twice. They are written by the
-- subscribing processor player-lookup in the same transaction as the Player events (PlayerLookup).

-- Usernames are unique regardless of case: the key is the lower-case name.
CREATE TABLE player_username (
    username_key VARCHAR(32) PRIMARY KEY,
    player_id    VARCHAR(32) NOT NULL UNIQUE
);

-- E-mail addresses, normalised (trimmed, lower case).
CREATE TABLE player_email (
    email_key VARCHAR(254) PRIMARY KEY,
    player_id VARCHAR(32)  NOT NULL UNIQUE
);

-- External identities (Discord, Steam, FiveM license, alt:V social id): one player each.
CREATE TABLE player_identity (
    provider   VARCHAR(16) NOT NULL,
    subject    VARCHAR(40) NOT NULL,
    player_id  VARCHAR(32) NOT NULL,
    linked_via VARCHAR(32) NOT NULL,
    linked_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider, subject)
);
CREATE INDEX player_identity_player ON player_identity (player_id);
