package dev.economy.app.ops;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression reads (enough of PromQL for dashboards and alert rules). */
final class PromQl {

  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "inf",
          "nan",
          "le");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

  private PromQl() {}

  static Set<String> metricNames(String expression) {
    String e =
        expression
            .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // strings
            .replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''")
            .replaceAll("\\{[^}]*}", "") // label matchers
            .replaceAll("\\[[^\\]]*]", "") // ranges, subqueries
            .replaceAll("\\$\\{?\\w+}?", "") // Grafana variables
            .replaceAll(
                "(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(e);
    while (m.find()) {
      if (m.group(2) != null) {
        continue; // a function
      }
      String name = m.group(1);
      if (!KEYWORDS.contains(name.toLowerCase())) {
        names.add(name);
      }
    }
    return names;
  }
}
