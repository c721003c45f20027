-- Read models of the ledger. Every row is a pure function of the event stream (invariant 5):
-- no now(), no serial ids; times come from the events, keys from the events' own identifiers.

CREATE TABLE account_balance (
    account_id          VARCHAR(96)  PRIMARY KEY,
    owner_id            VARCHAR(64)  NOT NULL,
    kind                VARCHAR(16)  NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    balance_minor       BIGINT       NOT NULL,
    in_flight_out_minor BIGINT       NOT NULL,
    -- The aggregate sequence number of the last event applied: the cache's version.
    version             BIGINT       NOT NULL,
    opened_at           TIMESTAMPTZ  NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL
);
CREATE INDEX account_balance_owner ON account_balance (owner_id);

CREATE TABLE account_history (
    account_id              VARCHAR(96)  NOT NULL,
    sequence_number         BIGINT       NOT NULL,
    entry_type              VARCHAR(16)  NOT NULL,  -- DEBIT, CREDIT, REFUND
    transfer_id             VARCHAR(64)  NOT NULL,
    idempotency_key         VARCHAR(128) NOT NULL,
    counterparty_account_id VARCHAR(96)  NOT NULL,
    amount_minor            BIGINT       NOT NULL,  -- signed: negative for a debit
    balance_after_minor     BIGINT       NOT NULL,
    reason_code             VARCHAR(40)  NOT NULL,
    memo                    VARCHAR(140),
    actor                   VARCHAR(96)  NOT NULL,
    failure_code            VARCHAR(40),
    occurred_at             TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (account_id, sequence_number)
);
CREATE INDEX account_history_reason ON account_history (account_id, reason_code, sequence_number);
CREATE INDEX account_history_time ON account_history (account_id, occurred_at);

CREATE TABLE transfer_in_flight (
    transfer_id     VARCHAR(64)  PRIMARY KEY,
    idempotency_key VARCHAR(128) NOT NULL,
    from_account_id VARCHAR(96)  NOT NULL,
    to_account_id   VARCHAR(96)  NOT NULL,
    amount_minor    BIGINT       NOT NULL,
    reason_code     VARCHAR(40)  NOT NULL,
    debited_at      TIMESTAMPTZ  NOT NULL
);

CREATE TABLE money_supply (
    account_id          VARCHAR(96)  PRIMARY KEY,
    kind                VARCHAR(16)  NOT NULL,
    balance_minor       BIGINT       NOT NULL,
    total_out_minor     BIGINT       NOT NULL,
    total_in_minor      BIGINT       NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL
);
