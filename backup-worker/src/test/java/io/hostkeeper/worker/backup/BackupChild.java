package io.hostkeeper.worker.backup;

import io.hostkeeper.worker.backup.archive.ArchiveWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * A child JVM that runs one backup and stops dead (prints {@code AT <point>} and waits to be
 * killed) at a chosen point of the archive write: {@code start} (temp file just created),
 * {@code middle} (after 1 MB of ciphertext), {@code end} (every byte written, before fsync and
 * rename), or {@code none}.
 * Args: dataDir source publicKey destination point.
 */
public final class BackupChild {
  private BackupChild() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    String point = args[4];
    var config = TestBackups.config("app", List.of(TestBackups.path(Path.of(args[1]))), List.of(Path.of(args[2])), Path.of(args[3]), null);
    ArchiveWriter.StreamWrapper wrapper = s -> {
      if (point.equals("start")) halt(point);
      return new FilterOutputStream(s) {
        long written;

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          written += len;
          if (point.equals("middle") && written > 1_000_000) halt(point);
        }

        @Override
        public void flush() throws IOException {
          out.flush();
          if (point.equals("end")) halt(point);
        }
      };
    };
    var r = new BackupRunner(config, new BackupCatalogue(TestBackups.stateDb(data)), data.resolve("tmp"), Clock.systemUTC(), wrapper, null).run();
    System.out.println("DONE " + r.archive().fileName());
  }

  private static void halt(String point) {
    System.out.println("AT " + point);
    System.out.flush();
    while (true) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
