package dev.economy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the machine is and how busy it is, for the record (the figures are only as steady as it).
 */
final class Machine {

  private Machine() {}

  /** The 1-minute load average, or -1 where /proc has none. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static String describe() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException ignored) {
      // not Linux
    }
    long memoryGb =
        Math.round(
            ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize()
                / 1e9);
    return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memoryGb + " GB";
  }
}
