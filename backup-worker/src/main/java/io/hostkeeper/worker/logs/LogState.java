package io.hostkeeper.worker.logs;

import java.time.Instant;
import java.util.List;

/**
 * What is remembered about one live log between runs.
 *
 * @param lastRotation when it was last rotated (null: never)
 * @param journal the steps of a rotation in progress (empty: none)
 * @param done how many journal steps are complete
 * @param startedAt when the journaled rotation started (becomes lastRotation when it completes)
 * @param copiedBytes for copytruncate: bytes copied (-1: not yet)
 * @param copiedCrc CRC32 of the copied bytes, to tell after a crash whether the truncate happened
 */
public record LogState(Instant lastRotation, List<Step> journal, int done, Instant startedAt, long copiedBytes, long copiedCrc) {
  public static final LogState EMPTY = new LogState(null, List.of(), 0, null, -1, 0);

  public LogState {
    journal = List.copyOf(journal);
  }

  public boolean inProgress() {
    return !journal.isEmpty();
  }

  LogState begin(List<Step> steps, Instant now) {
    return new LogState(lastRotation, steps, 0, now, -1, 0);
  }

  LogState stepDone() {
    return new LogState(lastRotation, journal, done + 1, startedAt, -1, 0);
  }

  LogState copied(long bytes, long crc) {
    return new LogState(lastRotation, journal, done, startedAt, bytes, crc);
  }

  LogState finished() {
    return new LogState(startedAt, List.of(), 0, null, -1, 0);
  }
}
