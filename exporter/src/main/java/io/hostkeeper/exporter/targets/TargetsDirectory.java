package io.hostkeeper.exporter.targets;

import io.hostkeeper.common.fs.SafeFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder Prometheus's {@code file_sd_configs} reads ({@code prometheus/targets/}), one
 * {@code <host>.yml} per host. A file is written whole under a hidden temporary name in the same
 * folder (which the {@code *.yml} glob does not match), fsynced and renamed over the final name,
 * so Prometheus reads the old file or the new one, never a part.
 */
public final class TargetsDirectory {
  /** Prometheus (another user) must read the files; nothing in them is secret. */
  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r--r--");
  private static final int MAX_FILE = 1 << 20;

  private final Path dir;

  public TargetsDirectory(Path dir) {
    this.dir = dir;
  }

  Path fileOf(String host) {
    return dir.resolve(host + ".yml");
  }

  private void requireDirectory() {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new TargetsException("targets folder " + dir + " does not exist (or is a link); pass --dir with the folder "
          + "that prometheus.yml's file_sd_configs reads, e.g. /etc/prometheus/targets");
    }
  }

  /** Writes the host's file; an existing one is only replaced when {@code replace} is set. Returns the file. */
  public Path add(HostTarget host, boolean replace) throws IOException {
    requireDirectory();
    Path file = fileOf(host.name());
    if (!replace && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new TargetsException("host " + host.name() + " is already in " + file + "; add --replace to change it");
    }
    SafeFiles.writeAtomically(file, TargetFile.render(host).getBytes(StandardCharsets.UTF_8), MODE);
    return file;
  }

  /** Removes the host's file (a link there is removed, never its target). Returns the file. */
  public Path remove(String host) throws IOException {
    requireDirectory();
    if (!HostTarget.NAME.matcher(host).matches()) throw new TargetsException("host name \"" + host + "\" is not valid");
    Path file = fileOf(host);
    if (!SafeFiles.deleteIfExists(file)) {
      throw new TargetsException("no host " + host + " in " + dir + " (targets list shows the hosts there)");
    }
    SafeFiles.fsyncDirectory(dir);
    return file;
  }

  /** Every target of every {@code *.yml} file, by file name; a file Prometheus could not read is reported. */
  public List<TargetFile.Entry> list() throws IOException {
    requireDirectory();
    List<TargetFile.Entry> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList()) {
        String text = new String(SafeFiles.readSmallRegularFile(f, MAX_FILE, java.time.Duration.ofSeconds(2)), StandardCharsets.UTF_8);
        try {
          out.addAll(TargetFile.parse(f.getFileName().toString(), text));
        } catch (IllegalArgumentException e) {
          throw new TargetsException(dir + "/" + e.getMessage() + " (Prometheus ignores this file until it is fixed)");
        }
      }
    }
    return out;
  }

  /** A problem the user can fix, one line. */
  public static final class TargetsException extends RuntimeException {
    public TargetsException(String message) {
      super(message, null, false, false);
    }
  }
}
