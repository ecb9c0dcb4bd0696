package io.hostkeeper.worker.logs;

import io.hostkeeper.common.fs.OpenFiles;
import io.hostkeeper.common.probe.CommandRunner;

import io.hostkeeper.common.config.LogConfig;
import io.hostkeeper.worker.job.JobRunContext;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Shared helpers for the I/O tests of log rotation. */
final class LogFixtures {
  private LogFixtures() {}

  static LogRotateJob job(LogConfig config, Path stateDir, FaultHook faults) {
    return new LogRotateJob(config, "test", ZoneOffset.UTC, stateDir, LogMetrics.in(new PrometheusRegistry()),
        new CommandRunner(LogJobs.POST_ROTATE_KILL_GRACE, LogJobs.POST_ROTATE_OUTPUT), new OpenFiles(Path.of("/proc")), faults);
  }

  static LogRotateJob job(LogConfig config, Path stateDir, PrometheusRegistry registry) {
    return new LogRotateJob(config, "test", ZoneOffset.UTC, stateDir, LogMetrics.in(registry),
        new CommandRunner(LogJobs.POST_ROTATE_KILL_GRACE, LogJobs.POST_ROTATE_OUTPUT), new OpenFiles(Path.of("/proc")), FaultHook.NONE);
  }

  static JobRunContext context(Instant now, boolean manual) {
    return new JobRunContext(1, now, Clock.fixed(now, ZoneOffset.UTC), manual);
  }

  /** Content of a file, decompressing .gz/.zst. */
  static String read(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (name.endsWith(".gz")) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    if (name.endsWith(".zst")) {
      try (InputStream in = new com.github.luben.zstd.ZstdInputStream(Files.newInputStream(file))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
      }
    }
    return Files.readString(file);
  }

  /** Every line of every file in {@code dir} (live and rotated, decompressed). */
  static List<String> allLines(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path p : list(dir)) {
      for (String line : read(p).split("\n", -1)) if (!line.isEmpty()) lines.add(line);
    }
    return lines;
  }

  static List<Path> list(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) if (Files.isRegularFile(p)) files.add(p);
    }
    files.sort(null);
    return files;
  }

  static List<String> names(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    for (Path p : list(dir)) names.add(p.getFileName().toString());
    return names;
  }

  static String lines(String prefix, int from, int to) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i <= to; i++) s.append(prefix).append(i).append('\n');
    return s.toString();
  }
}
