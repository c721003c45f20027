package dev.economy.query.ledger;

import java.util.List;

/** Newest first; {@code nextCursor} is null on the last page. */
record HistoryPage(String accountId, List<HistoryEntry> entries, String nextCursor) {}
