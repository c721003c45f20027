package dev.economy.app.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of /actuator/prometheus, as Prometheus reads it: series (name and labels) to value.
 */
record Scrape(String text, Map<String, Double> series) {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static Scrape of(int port) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("scrape answered " + response.statusCode());
      }
      return parse(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Scrape parse(String text) {
    Map<String, Double> series = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (m.find()) {
        String labels = m.group(2) == null ? "" : m.group(2);
        series.put(m.group(1) + labels, Double.parseDouble(m.group(3)));
      }
    }
    return new Scrape(text, series);
  }

  Set<String> names() {
    Set<String> names = new TreeSet<>();
    for (String key : series.keySet()) {
      int brace = key.indexOf('{');
      names.add(brace < 0 ? key : key.substring(0, brace));
    }
    return names;
  }

  /**
   * The sum of every series of this name whose labels contain all the given label="value" pairs.
   */
  double sum(String name, String... labels) {
    double total = 0;
    for (Map.Entry<String, Double> e : series.entrySet()) {
      String key = e.getKey();
      if (!(key.equals(name) || key.startsWith(name + "{"))) {
        continue;
      }
      boolean all = true;
      for (String label : labels) {
        all &= key.contains(label);
      }
      if (all) {
        total += e.getValue();
      }
    }
    return total;
  }

  /** The value of the one series with this name and these labels, or NaN when there is none. */
  double value(String name, String... labels) {
    Double found = null;
    for (Map.Entry<String, Double> e : series.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(name + "{") && !key.equals(name)) {
        continue;
      }
      boolean all = true;
      for (String label : labels) {
        all &= key.contains(label);
      }
      if (all) {
        if (found != null) {
          throw new IllegalStateException(
              "more than one series " + name + " " + String.join(",", labels));
        }
        found = e.getValue();
      }
    }
    return found == null ? Double.NaN : found;
  }
}
