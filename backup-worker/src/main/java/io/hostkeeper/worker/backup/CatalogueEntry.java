package io.hostkeeper.worker.backup;

import java.nio.file.Path;
import java.time.Instant;

/** One complete, verified archive in the catalogue. */
public record CatalogueEntry(
    long id,
    String backup,
    String fileName,
    Path destination,
    Instant createdAt,
    Instant completedAt,
    double durationSeconds,
    long sizeBytes,
    String sha256,
    long plaintextBytes,
    String plaintextSha256,
    int members,
    int problems,
    String manifestJson) {

  public Path path() {
    return destination.resolve(fileName);
  }
}
