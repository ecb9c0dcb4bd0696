package io.hostkeeper.worker.logs;

import java.io.IOException;

/**
 * Called at every point of a rotation where an interruption could leave files half-done (before
 * each step, between a temp write and its rename, between copy and truncate). Production uses
 * {@link #NONE}; crash tests throw at the N-th point to simulate a kill there.
 */
@FunctionalInterface
public interface FaultHook {
  FaultHook NONE = point -> {};

  void at(String point) throws IOException;
}
