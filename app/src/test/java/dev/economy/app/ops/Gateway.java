package dev.economy.app.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * The real nginx running ops/nginx: the template rendered the way the nginx image renders it
 * (envsubst of the given variables only), the snippets beside it, a development certificate made by
 * ops/nginx/make-dev-cert.sh, and a main nginx.conf that keeps every file in a temporary directory.
 * Started as a child process, stopped by {@link #close()}.
 */
final class Gateway implements AutoCloseable {

  private static final Path NGINX_DIR = Tools.ROOT.resolve("ops/nginx");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

  final Path work;
  final int httpPort;
  final int httpsPort;
  final SSLContext trust;
  private final Process nginx;

  private Gateway(Path work, int httpPort, int httpsPort, SSLContext trust, Process nginx) {
    this.work = work;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
    this.trust = trust;
    this.nginx = nginx;
  }

  /** Renders the template with these settings (each ${NAME} must have one) and starts nginx. */
  static Gateway start(Map<String, String> settings) throws Exception {
    Path work = Files.createTempDirectory("gateway-it");
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    Tools.Result cert =
        Tools.run(
            NGINX_DIR,
            60,
            List.of(
                "bash",
                NGINX_DIR.resolve("make-dev-cert.sh").toString(),
                work.resolve("certs").toString()));
    if (cert.exitCode() != 0) {
      throw new IllegalStateException("make-dev-cert.sh failed: " + cert.output());
    }
    int httpPort = Tools.freePort();
    int httpsPort = Tools.freePort();
    Map<String, String> values = new java.util.HashMap<>(settings);
    values.put("GATEWAY_HTTP_LISTEN", "127.0.0.1:" + httpPort);
    values.put("GATEWAY_HTTPS_LISTEN", "127.0.0.1:" + httpsPort);
    values.put("ECONOMY_GATEWAY_TLS_CERTIFICATE", work.resolve("certs/economy-dev.crt").toString());
    values.put(
        "ECONOMY_GATEWAY_TLS_CERTIFICATE_KEY", work.resolve("certs/economy-dev.key").toString());

    Files.createDirectories(work.resolve("conf.d"));
    Files.writeString(
        work.resolve("conf.d/economy.conf"),
        render(Files.readString(NGINX_DIR.resolve("templates/economy.conf.template")), values));
    Files.createDirectories(work.resolve("snippets"));
    try (Stream<Path> snippets = Files.list(NGINX_DIR.resolve("snippets"))) {
      for (Path snippet : snippets.toList()) {
        Files.copy(
            snippet,
            work.resolve("snippets").resolve(snippet.getFileName()),
            StandardCopyOption.REPLACE_EXISTING);
      }
    }
    for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      Path dir = Files.createDirectories(work.resolve("temp").resolve(temp));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    Path t = work.resolve("temp");
    Files.writeString(
        work.resolve("nginx.conf"),
        String.join(
            "\n",
            "worker_processes 1;",
            "daemon off;",
            "pid " + work.resolve("nginx.pid") + ";",
            "error_log " + work.resolve("error.log") + " info;",
            "events { worker_connections 512; }",
            "http {",
            "  access_log " + work.resolve("access.log") + ";",
            "  default_type application/octet-stream;",
            "  client_body_temp_path " + t.resolve("client_body") + ";",
            "  proxy_temp_path " + t.resolve("proxy") + ";",
            "  fastcgi_temp_path " + t.resolve("fastcgi") + ";",
            "  uwsgi_temp_path " + t.resolve("uwsgi") + ";",
            "  scgi_temp_path " + t.resolve("scgi") + ";",
            "  include conf.d/*.conf;",
            "}",
            ""));
    String binary = Tools.binary("nginx").toString();
    Tools.Result test =
        Tools.run(
            work,
            60,
            List.of(
                binary, "-t", "-p", work.toString(), "-c", work.resolve("nginx.conf").toString()));
    if (test.exitCode() != 0) {
      throw new IllegalStateException("nginx -t refused the configuration:\n" + test.output());
    }
    Process nginx =
        new ProcessBuilder(
                binary, "-p", work.toString(), "-c", work.resolve("nginx.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("nginx.out").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!listening(httpsPort)) {
      if (!nginx.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "nginx did not start: " + Files.readString(work.resolve("error.log")));
      }
      Thread.sleep(100);
    }
    return new Gateway(
        work, httpPort, httpsPort, trusting(work.resolve("certs/economy-dev.crt")), nginx);
  }

  static String render(String template, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("the gateway template needs " + m.group(1));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  String https() {
    return "https://localhost:" + httpsPort;
  }

  String log(String name) throws IOException {
    return Files.readString(work.resolve(name));
  }

  private static boolean listening(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Trusts exactly the development certificate (so its names must match, as for a browser). */
  private static SSLContext trusting(Path certificate) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      store.setCertificateEntry(
          "economy-dev", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  @Override
  public void close() throws Exception {
    nginx.destroy();
    if (!nginx.waitFor(20, TimeUnit.SECONDS)) {
      nginx.destroyForcibly();
    }
    FileSystemUtils.deleteRecursively(work);
  }
}
