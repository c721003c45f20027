package dev.economy.command.ledger.web;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/** Body of POST /api/v1/ingress/batch. */
record IngressBatchRequest(
    @JsonDeserialize(contentUsing = IngressCommandDeserializer.class)
        List<IngressCommand> commands) {}
