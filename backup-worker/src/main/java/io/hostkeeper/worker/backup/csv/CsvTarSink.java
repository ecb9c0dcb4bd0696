package io.hostkeeper.worker.backup.csv;

import io.hostkeeper.worker.backup.archive.TarWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts the CSV exports into the archive with the database's owner and permission bits (they hold
 * its data): files with its mode, directories with it plus search permission wherever it reads.
 */
public final class CsvTarSink implements SqliteCsvExport.Sink {
  private final TarWriter tar;
  private final TarWriter.Attrs fileAttrs;
  private final TarWriter.Attrs dirAttrs;

  public CsvTarSink(TarWriter tar, TarWriter.Attrs database) {
    this.tar = tar;
    int mode = database.mode() & 0666;
    this.fileAttrs = new TarWriter.Attrs(mode, database.mtimeMillis(), database.uid(), database.gid());
    this.dirAttrs = new TarWriter.Attrs(mode | ((mode & 0444) >> 2), database.mtimeMillis(), database.uid(), database.gid());
  }

  @Override
  public void directory(String name) throws IOException {
    tar.directory(name, dirAttrs);
  }

  @Override
  public void file(String name, Path csv) throws IOException {
    try (InputStream in = Files.newInputStream(csv)) {
      tar.file(name, Files.size(csv), fileAttrs, in);
    }
  }
}
