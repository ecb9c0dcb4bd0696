package io.hostkeeper.worker.history;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Pauses made through the admin API, kept in the state database so that a restart does not
 * silently resume what an operator paused. {@link #SCHEDULER} stands for the whole scheduler.
 */
public final class PauseStore {
  public static final String SCHEDULER = "*";

  private final Jdbi jdbi;
  private final BusyRetry retry;

  public PauseStore(Jdbi jdbi, BusyRetry retry) {
    this.jdbi = Objects.requireNonNull(jdbi);
    this.retry = Objects.requireNonNull(retry);
  }

  /** Paused names (job names, or {@link #SCHEDULER}) and since when. */
  public Map<String, Instant> load() {
    return retry.call(() -> jdbi.withHandle(h -> {
      Map<String, Instant> out = new TreeMap<>();
      h.createQuery("SELECT name, paused_at FROM paused")
          .map((rs, ctx) -> Map.entry(rs.getString("name"), Instant.ofEpochMilli(rs.getLong("paused_at"))))
          .forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    }));
  }

  public void pause(String name, Instant at) {
    retry.run(() -> jdbi.useHandle(h -> h.execute(
        "INSERT INTO paused (name, paused_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING", name, at.toEpochMilli())));
  }

  public void resume(String name) {
    retry.run(() -> jdbi.useHandle(h -> h.execute("DELETE FROM paused WHERE name = ?", name)));
  }
}
