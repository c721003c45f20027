package dev.economy.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.economy.audit.LedgerReplay.AccountState;
import dev.economy.audit.LedgerReplay.TransferState;
import dev.economy.messages.ledger.AccountKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The audit's report: what was read, the totals, the read models, every violation. */
final class Report {

  /** What the audit does not check yet (issue 16): said in every report, never silently skipped. */
  static final List<String> NOT_CHECKED =
      List.of(
          "invariant 6 (a donation is credited exactly once, reversed on refund): the donations"
              + " context does not exist yet, there is nothing to check",
          "tamper evidence: no hash chain over the events and no signed checkpoints yet",
          "account_history rows are not compared yet (account_balance, money_supply and"
              + " transfer_in_flight are)",
          "point-in-time questions and analytics (issue 16) are not part of this tool yet");

  static final List<String> CHECKED =
      List.of(
          Violation.CONSERVATION
              + ": the sum of all balances plus the money in flight is zero"
              + " after every event",
          Violation.NEGATIVE_BALANCE + ": no WALLET, BANK or SYSTEM_SINK account below zero",
          Violation.AMOUNT + ": every amount is positive, no balance overflows",
          Violation.IDEMPOTENCY_KEY + ": every (actor, idempotency key) names one transfer",
          Violation.SETTLED_ONCE + ": debited once, credited or refunded at most once",
          Violation.SETTLEMENT_MATCHES
              + ": a credit or refund lands what its debit took, on the transfer's account",
          Violation.SEQUENCE + ": every account's and transfer's events are numbered without gaps",
          Violation.LEDGER_RULES
              + ": accounts opened once and before use, frozen and closed accounts move no money,"
              + " every recorded balance is the previous balance plus the amount",
          Violation.READ_MODEL
              + ": account_balance, money_supply and transfer_in_flight equal the replay");

  private Report() {}

  static Map<String, Object> build(LedgerReplay replay, Audit.Run run) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("auditedAt", run.auditedAt().toString());
    report.put("position", replay.lastPosition());
    report.put("snapshotPosition", run.snapshotPosition());
    report.put("lastEventTimestamp", replay.lastTimestamp());
    report.put("events", replay.events());
    report.put("seconds", run.seconds());
    report.put("eventsPerSecond", Math.round(replay.events() / Math.max(run.seconds(), 1e-9)));
    report.put("eventsByType", replay.eventsByType());
    report.put("unknownEventTypes", replay.unknownTypes());
    report.put("totals", totals(replay));
    Map<String, Object> readModels = new LinkedHashMap<>();
    readModels.put("compared", run.readModelsCompared());
    readModels.put("note", run.readModelsNote());
    report.put("readModels", readModels);
    report.put("checked", CHECKED);
    report.put("notChecked", NOT_CHECKED);
    report.put("violationCount", replay.violationCount());
    report.put("violations", replay.violations());
    return report;
  }

  private static Map<String, Object> totals(LedgerReplay replay) {
    Map<String, Object> sources = new TreeMap<>();
    Map<String, Object> sinks = new TreeMap<>();
    Map<String, Long> accountsByKind = new TreeMap<>();
    long issued = 0;
    long sunk = 0;
    long players = 0;
    for (AccountState account : replay.accounts().values()) {
      String kind = account.kind == null ? "UNOPENED" : account.kind.name();
      accountsByKind.merge(kind, 1L, Long::sum);
      if (account.kind == AccountKind.SYSTEM_SOURCE) {
        issued -= account.balanceMinor;
        sources.put(
            account.accountId,
            Map.of(
                "issuedMinor", -account.balanceMinor,
                "totalOutMinor", account.totalOutMinor,
                "totalInMinor", account.totalInMinor));
      } else if (account.kind == AccountKind.SYSTEM_SINK) {
        sunk += account.balanceMinor;
        sinks.put(
            account.accountId,
            Map.of(
                "sunkMinor", account.balanceMinor,
                "totalOutMinor", account.totalOutMinor,
                "totalInMinor", account.totalInMinor));
      } else {
        players += account.balanceMinor;
      }
    }
    Map<String, Long> transfers = new TreeMap<>();
    for (TransferState transfer : replay.transfers().values()) {
      transfers.merge(transfer.outcome, 1L, Long::sum);
    }
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("issuedMinor", issued);
    totals.put("sunkMinor", sunk);
    totals.put("inFlightMinor", replay.inFlightSum());
    totals.put("heldByPlayersMinor", players);
    totals.put("sources", sources);
    totals.put("sinks", sinks);
    totals.put("accountsByKind", accountsByKind);
    totals.put("transfersByOutcome", transfers);
    return totals;
  }

  static void writeJson(Map<String, Object> report, Path path) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(path.toFile(), report);
  }

  @SuppressWarnings("unchecked")
  static void writeHtml(Map<String, Object> report, Path path) throws IOException {
    StringBuilder html = new StringBuilder();
    long violations = (Long) report.get("violationCount");
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Ledger audit at position ")
        .append(report.get("position"))
        .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:80em}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;")
        .append("padding:.3em .6em;text-align:left}td.n{text-align:right}")
        .append(".ok{color:#060}.bad{color:#b00}</style></head><body>\n");
    html.append("<h1>Ledger audit</h1>\n<p class=\"")
        .append(violations == 0 ? "ok\">No violation" : "bad\">" + violations + " violation(s)")
        .append("</p>\n<table>");
    row(html, "audited at", report.get("auditedAt"));
    row(html, "global position (last event read)", report.get("position"));
    row(html, "snapshot position (head at start)", report.get("snapshotPosition"));
    row(html, "time of the last event", report.get("lastEventTimestamp"));
    row(html, "events read", report.get("events"));
    row(html, "events per second", report.get("eventsPerSecond"));
    Map<String, Object> readModels = (Map<String, Object>) report.get("readModels");
    row(html, "read models compared", readModels.get("compared") + ": " + readModels.get("note"));
    html.append("</table>\n<h2>Money supply (minor units)</h2>\n<table>");
    Map<String, Object> totals = (Map<String, Object>) report.get("totals");
    row(html, "issued by the sources", totals.get("issuedMinor"));
    row(html, "sunk in the sinks", totals.get("sunkMinor"));
    row(html, "in flight", totals.get("inFlightMinor"));
    row(html, "held by players", totals.get("heldByPlayersMinor"));
    html.append("</table>\n<table><tr><th>system account</th><th>issued (sources) or sunk (sinks)")
        .append("</th><th>total out</th><th>total in</th></tr>");
    for (String group : List.of("sources", "sinks")) {
      for (Map.Entry<String, Object> e : ((Map<String, Object>) totals.get(group)).entrySet()) {
        Map<String, Object> a = (Map<String, Object>) e.getValue();
        html.append("<tr><td>")
            .append(escape(e.getKey()))
            .append("</td><td class=\"n\">")
            .append(a.getOrDefault("issuedMinor", a.get("sunkMinor")))
            .append("</td><td class=\"n\">")
            .append(a.get("totalOutMinor"))
            .append("</td><td class=\"n\">")
            .append(a.get("totalInMinor"))
            .append("</td></tr>");
      }
    }
    html.append("</table>\n");
    table(html, "Accounts by kind", (Map<String, Object>) totals.get("accountsByKind"));
    table(html, "Transfers by outcome", (Map<String, Object>) totals.get("transfersByOutcome"));
    table(html, "Events by type", (Map<String, Object>) report.get("eventsByType"));
    table(
        html,
        "Event types not known (not checked)",
        (Map<String, Object>) report.get("unknownEventTypes"));
    html.append("<h2>Violations</h2>\n");
    List<Violation> list = (List<Violation>) report.get("violations");
    if (list.isEmpty()) {
      html.append("<p class=\"ok\">None.</p>\n");
    } else {
      if (list.size() < violations) {
        html.append("<p>The first ")
            .append(list.size())
            .append(" of ")
            .append(violations)
            .append(":</p>");
      }
      html.append("<table><tr><th>position</th><th>aggregate</th><th>sequence</th><th>rule</th>")
          .append("<th>detail</th></tr>\n");
      for (Violation v : list) {
        html.append("<tr><td class=\"n\">")
            .append(v.position())
            .append("</td><td>")
            .append(escape(v.aggregateId()))
            .append("</td><td class=\"n\">")
            .append(v.sequenceNumber() < 0 ? "" : v.sequenceNumber())
            .append("</td><td>")
            .append(escape(v.rule()))
            .append("</td><td>")
            .append(escape(v.detail()))
            .append("</td></tr>\n");
      }
      html.append("</table>\n");
    }
    html.append("<h2>What was checked</h2>\n<ul>");
    for (String s : (List<String>) report.get("checked")) {
      html.append("<li>").append(escape(s)).append("</li>");
    }
    html.append("</ul>\n<h2>What is not checked yet</h2>\n<ul>");
    for (String s : (List<String>) report.get("notChecked")) {
      html.append("<li>").append(escape(s)).append("</li>");
    }
    html.append("</ul>\n</body></html>\n");
    Files.writeString(path, html, StandardCharsets.UTF_8);
  }

  private static void row(StringBuilder html, String name, Object value) {
    html.append("<tr><th>")
        .append(escape(name))
        .append("</th><td>")
        .append(escape(String.valueOf(value)))
        .append("</td></tr>");
  }

  private static void table(StringBuilder html, String title, Map<String, Object> values) {
    html.append("<h2>").append(escape(title)).append("</h2>\n<table>");
    if (values.isEmpty()) {
      html.append("<tr><td>none</td></tr>");
    }
    values.forEach((k, v) -> row(html, k, v));
    html.append("</table>\n");
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
