package io.hostkeeper.worker.backup;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.CopyConfig;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.admin.AdminRoutes;
import io.hostkeeper.worker.admin.ApiError;
import io.hostkeeper.worker.backup.copy.CopyState;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/backups}: every configured backup with its newest archive and the state of its
 * remote copies;
 * {@code GET /api/backups/{name}}: one backup with every archive in the catalogue (newest first).
 * Read-only; the admin app puts these behind the bearer token.
 */
public final class BackupRoutes implements AdminRoutes {
  private final List<BackupConfig> backups;
  private final BackupCatalogue catalogue;
  private final CopyState copies;

  public BackupRoutes(WorkerContext context) {
    this(context.config().backups(), new BackupCatalogue(context.stateDb()), new CopyState(context.stateDb()));
  }

  public BackupRoutes(List<BackupConfig> backups, BackupCatalogue catalogue, CopyState copies) {
    this.backups = List.copyOf(backups);
    this.catalogue = catalogue;
    this.copies = copies;
  }

  @Override
  public void addTo(JavalinConfig config) {
    config.routes.get("/api/backups", this::list);
    config.routes.get("/api/backups/{name}", this::one);
  }

  private void list(Context ctx) {
    ctx.json(Map.of("backups", backups.stream().map(b -> summary(b, catalogue.list(b.name()), copies)).toList()));
  }

  private void one(Context ctx) {
    String name = ctx.pathParam("name");
    BackupConfig b = backups.stream().filter(x -> x.name().equals(name)).findFirst()
        .orElseThrow(() -> ApiError.notFound("no backup named '" + name.replaceAll("[^A-Za-z0-9_.-]", "?")
            + "' in the configuration"));
    List<CatalogueEntry> entries = catalogue.list(name);
    Map<String, Object> body = summary(b, entries, copies);
    body.put("archives", entries.stream().map(BackupRoutes::archive).toList());
    ctx.json(body);
  }

  private static Map<String, Object> summary(BackupConfig b, List<CatalogueEntry> entries, CopyState copies) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", b.name());
    m.put("schedule", b.schedule().expression());
    m.put("destination", b.destination().toString());
    m.put("compression", b.compression().name().toLowerCase(java.util.Locale.ROOT));
    m.put("archive_count", entries.size());
    m.put("total_bytes", entries.stream().mapToLong(CatalogueEntry::sizeBytes).sum());
    m.put("latest", entries.isEmpty() ? null : archive(entries.get(0)));
    m.put("copies", copies.of(b).entrySet().stream().map(e -> copy(e.getKey(), e.getValue().orElse(null))).toList());
    return m;
  }

  /** One remote copy: where it goes and how its last sync ended (nulls before the first one). */
  private static Map<String, Object> copy(CopyConfig c, CopyState.Row row) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.name());
    m.put("remote", c.sftp().url());
    m.put("last_attempt", row == null ? null : row.lastAttempt().toString());
    m.put("last_success", row == null || row.lastSuccess() == null ? null : row.lastSuccess().toString());
    m.put("remote_archives", row == null ? null : row.remoteArchives());
    m.put("failing", row != null && row.lastError() != null);
    m.put("last_reason", row == null ? null : row.lastReason());
    m.put("last_error", row == null ? null : row.lastError());
    return m;
  }

  static Map<String, Object> archive(CatalogueEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", e.fileName());
    m.put("path", e.path().toString());
    m.put("created_at", e.createdAt().toString());
    m.put("completed_at", e.completedAt().toString());
    m.put("duration_seconds", e.durationSeconds());
    m.put("size_bytes", e.sizeBytes());
    m.put("sha256", e.sha256());
    m.put("plaintext_sha256", e.plaintextSha256());
    m.put("members", e.members());
    m.put("problems", e.problems());
    m.put("present", Files.isRegularFile(e.path()));
    return m;
  }
}
