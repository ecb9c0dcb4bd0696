package io.hostkeeper.worker.logs;

import io.hostkeeper.common.config.LogConfig.Codec;
import io.hostkeeper.common.fs.SafeFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.zip.CRC32;

/**
 * Per-log state files under {@code <data_dir>/logs/}: one small file per live log, written to a
 * temporary name, fsynced and renamed (then the directory fsynced), so a crash leaves either the
 * old or the new state, never a torn one. A stale temporary file is removed when read.
 */
public final class StateStore {
  private final Path dir;
  private final FaultHook faults;

  public StateStore(Path dir, FaultHook faults) {
    this.dir = dir;
    this.faults = faults;
  }

  public Path dir() {
    return dir;
  }

  Path fileFor(Path live) {
    String abs = live.toAbsolutePath().normalize().toString();
    CRC32 crc = new CRC32();
    crc.update(abs.getBytes(StandardCharsets.UTF_8));
    String readable = abs.replaceAll("[^A-Za-z0-9._-]+", "_");
    if (readable.length() > 80) readable = readable.substring(readable.length() - 80);
    return dir.resolve(readable + "-" + Long.toHexString(crc.getValue()) + ".state");
  }

  Path lockFileFor(Path live) {
    Path state = fileFor(live);
    return state.resolveSibling(state.getFileName() + ".lock");
  }

  /** @return true when a stale temporary state file (from an interrupted write) was removed */
  boolean removeStaleTemp(Path live) throws IOException {
    Path state = fileFor(live);
    return Files.deleteIfExists(state.resolveSibling(state.getFileName() + ".tmp"));
  }

  public LogState read(Path live) throws IOException {
    Path file = fileFor(live);
    if (!Files.exists(file)) return LogState.EMPTY;
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(file)));
    try {
      List<Step> journal = new ArrayList<>();
      int n = Integer.parseInt(p.getProperty("journal.steps", "0"));
      for (int i = 0; i < n; i++) journal.add(decode(p.getProperty("journal." + i)));
      return new LogState(instant(p.getProperty("last_rotation")), journal,
          Integer.parseInt(p.getProperty("journal.done", "0")), instant(p.getProperty("journal.started")),
          Long.parseLong(p.getProperty("journal.copied_bytes", "-1")), Long.parseLong(p.getProperty("journal.copied_crc", "0")));
    } catch (RuntimeException e) {
      throw new IOException("state file " + file + " is unreadable (" + e.getMessage() + "); move it away to start this log afresh", e);
    }
  }

  public void write(Path live, LogState state) throws IOException {
    Properties p = new Properties();
    p.setProperty("path", live.toAbsolutePath().normalize().toString());
    if (state.lastRotation() != null) p.setProperty("last_rotation", state.lastRotation().toString());
    if (state.inProgress()) {
      p.setProperty("journal.steps", Integer.toString(state.journal().size()));
      for (int i = 0; i < state.journal().size(); i++) p.setProperty("journal." + i, encode(state.journal().get(i)));
      p.setProperty("journal.done", Integer.toString(state.done()));
      p.setProperty("journal.started", state.startedAt().toString());
      p.setProperty("journal.copied_bytes", Long.toString(state.copiedBytes()));
      p.setProperty("journal.copied_crc", Long.toString(state.copiedCrc()));
    }
    StringWriter text = new StringWriter();
    p.store(text, null);
    Files.createDirectories(dir);
    Path file = fileFor(live);
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    SafeFiles.deleteIfExists(temp);
    try (FileChannel ch = SafeFiles.createNew(temp, SafeFiles.PRIVATE_FILE)) {
      ByteBuffer buf = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) ch.write(buf);
      ch.force(true);
    }
    faults.at("state-temp-written");
    SafeFiles.renameDurably(temp, file);
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  private static final String SEP = "\u0000";

  static String encode(Step step) {
    List<String> f;
    if (step instanceof Step.Rename r) {
      f = List.of("rename", r.from().toString(), r.to().toString());
    } else if (step instanceof Step.CopyTruncate c) {
      f = List.of("copytruncate", c.live().toString(), c.to().toString());
    } else if (step instanceof Step.Create c) {
      f = List.of("create", c.live().toString(), c.template().toString(), s(c.mode()), s(c.owner()), s(c.group()));
    } else if (step instanceof Step.PostRotate pr) {
      f = new ArrayList<>(List.of("post_rotate"));
      f.addAll(pr.argv());
    } else if (step instanceof Step.Compress c) {
      f = List.of("compress", c.source().toString(), c.target().toString(), c.codec().name());
    } else {
      Step.Delete d = (Step.Delete) step;
      f = List.of("delete", d.file().toString(), d.why());
    }
    return String.join(SEP, f);
  }

  static Step decode(String text) {
    if (text == null) throw new IllegalArgumentException("missing journal step");
    List<String> f = Arrays.asList(text.split(SEP, -1));
    return switch (f.get(0)) {
      case "rename" -> new Step.Rename(Path.of(f.get(1)), Path.of(f.get(2)));
      case "copytruncate" -> new Step.CopyTruncate(Path.of(f.get(1)), Path.of(f.get(2)));
      case "create" -> new Step.Create(Path.of(f.get(1)), Path.of(f.get(2)), n(f.get(3)), n(f.get(4)), n(f.get(5)));
      case "post_rotate" -> new Step.PostRotate(f.subList(1, f.size()));
      case "compress" -> new Step.Compress(Path.of(f.get(1)), Path.of(f.get(2)), Codec.valueOf(f.get(3)));
      case "delete" -> new Step.Delete(Path.of(f.get(1)), f.get(2));
      default -> throw new IllegalArgumentException("unknown journal step " + f.get(0));
    };
  }

  private static String s(String v) {
    return v == null ? "" : v;
  }

  private static String n(String v) {
    return v.isEmpty() ? null : v;
  }
}
