package io.hostkeeper.worker.backup;

import io.hostkeeper.worker.backup.copy.CopyTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/** A target that runs {@code kill} once an upload has sent {@code after} bytes (a crash mid-upload). */
final class KillingTarget implements CopyTarget {
  private final CopyTarget inner;
  private final long after;
  private final Runnable kill;
  private boolean done;

  KillingTarget(CopyTarget inner, long after, Runnable kill) {
    this.inner = inner;
    this.after = after;
    this.kill = kill;
  }

  @Override
  public List<RemoteFile> list() throws IOException {
    return inner.list();
  }

  @Override
  public void upload(Path local, String tempName, LongConsumer progress) throws IOException {
    inner.upload(local, tempName, sent -> {
      progress.accept(sent);
      if (!done && sent >= after) {
        done = true;
        kill.run();
      }
    });
  }

  @Override
  public void rename(String from, String to) throws IOException {
    inner.rename(from, to);
  }

  @Override
  public long size(String name) throws IOException {
    return inner.size(name);
  }

  @Override
  public void delete(String name) throws IOException {
    inner.delete(name);
  }

  @Override
  public InputStream read(String name) throws IOException {
    return inner.read(name);
  }

  @Override
  public String describe() {
    return inner.describe();
  }

  @Override
  public void close() throws IOException {
    inner.close();
  }
}
