package io.hostkeeper.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What /proc says about a child process: its resident memory and CPU time. */
final class ProcStatus {
  private ProcStatus() {}

  /** VmRSS in KiB, 0 when the process is gone. */
  static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (IOException | NumberFormatException e) {
      // gone or unreadable
    }
    return 0;
  }
}
