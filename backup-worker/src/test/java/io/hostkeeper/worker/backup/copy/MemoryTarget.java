package io.hostkeeper.worker.backup.copy;

import io.hostkeeper.worker.backup.copy.CopyFailure.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/** A remote directory in memory, for planner and copier tests; can refuse writes past a byte budget. */
class MemoryTarget implements CopyTarget {
  final Map<String, byte[]> files = new TreeMap<>();
  final List<String> uploads = new ArrayList<>();
  long writeBudget = Long.MAX_VALUE;

  @Override
  public List<RemoteFile> list() {
    return files.entrySet().stream().map(e -> new RemoteFile(e.getKey(), e.getValue().length)).toList();
  }

  @Override
  public void upload(Path local, String tempName, LongConsumer progress) throws IOException {
    if (files.containsKey(tempName)) throw new IOException(tempName + " exists");
    byte[] data = Files.readAllBytes(local);
    if (data.length > writeBudget) {
      files.put(tempName, java.util.Arrays.copyOf(data, (int) writeBudget));
      writeBudget = 0;
      throw new CopyFailure(Reason.NO_SPACE, "no space left on the remote");
    }
    writeBudget -= data.length;
    files.put(tempName, data);
    uploads.add(tempName);
    progress.accept(data.length);
  }

  @Override
  public void rename(String from, String to) throws IOException {
    byte[] d = files.remove(from);
    if (d == null) throw new IOException(from + " missing");
    files.put(to, d);
  }

  @Override
  public long size(String name) {
    byte[] d = files.get(name);
    return d == null ? -1 : d.length;
  }

  @Override
  public void delete(String name) {
    files.remove(name);
  }

  @Override
  public InputStream read(String name) throws IOException {
    byte[] d = files.get(name);
    if (d == null) throw new IOException(name + " missing");
    return new ByteArrayInputStream(d);
  }

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public void close() {}
}
