package dev.economy.app.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The operations tests run the real tools of the machine (installed by .ci/run when missing). */
final class Tools {

  /** The root of the repository (the tests run in app/). */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private Tools() {}

  static Path binary(String name) {
    List<String> dirs =
        new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(
        List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/bin", "/usr/local/sbin"));
    for (String dir : dirs) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        name
            + " is not installed: .ci/run installs it (apt-get install "
            + ("promtool".equals(name) ? "prometheus" : name)
            + ")");
  }

  record Result(int exitCode, String output) {}

  /** Runs a command to its end (at most the timeout), stdout and stderr together. */
  static Result run(
      Path workingDirectory, long timeoutSeconds, List<String> command, String... environment)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("ops-tool", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    for (int i = 0; i + 1 < environment.length; i += 2) {
      builder.environment().put(environment[i], environment[i + 1]);
    }
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          command
              + " did not end in "
              + timeoutSeconds
              + " s: "
              + Files.readString(log, StandardCharsets.UTF_8));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    return new Result(process.exitValue(), output);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
