package dev.economy.audit;

/**
 * One row of domainevententry: its type as today's class name (renamed packages mapped), whether
 * the messages module knows that type, and the payload deserialized when it is a ledger event (null
 * otherwise).
 */
public record StoredEvent(
    long globalIndex,
    String aggregateId,
    long sequenceNumber,
    String timestamp,
    String payloadType,
    boolean known,
    Object payload) {}
