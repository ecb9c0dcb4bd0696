package io.hostkeeper.worker.logs;

import java.nio.file.Path;
import java.util.List;

/**
 * What a run does with one live log: rotate (the journaled {@code steps}, ending with the new
 * rotated file {@code destination}) or not, and why.
 */
public record RotationPlan(boolean rotate, boolean problem, String reason, Path destination, List<Step> steps) {
  public RotationPlan {
    steps = List.copyOf(steps);
  }

  static RotationPlan keep(String reason) {
    return new RotationPlan(false, false, reason, null, List.of());
  }

  static RotationPlan refuse(String problem) {
    return new RotationPlan(false, true, problem, null, List.of());
  }
}
