package io.hostkeeper.worker.logs;

import io.hostkeeper.common.config.LogConfig;
import io.hostkeeper.common.config.LogConfig.Codec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides what to do with one live log: whether to rotate and the steps of the rotation, and the
 * housekeeping of its rotated files (compress, delete). Pure: it works on facts gathered by the
 * caller and a given time, so every rule has a table test.
 */
public final class RotationPlanner {
  private final LogConfig config;
  private final RotationNaming naming;

  public RotationPlanner(LogConfig config, RotationNaming naming) {
    this.config = config;
    this.naming = naming;
  }

  /**
   * @param live the live log (exists and is a regular file)
   * @param size its size in bytes
   * @param rotated its rotated files as found
   * @param scheduleDue true when the schedule says a rotation is due since the last one
   * @param force rotate regardless of size and schedule (a manual run)
   */
  public RotationPlan plan(Path live, long size, List<RotatedFile> rotated, boolean scheduleDue, boolean force, Instant now) {
    if (size == 0 && config.notIfEmpty()) return RotationPlan.keep("empty (not_if_empty)");
    boolean overSize = config.size() != null && size > config.size().bytes();
    if (!force && !overSize) {
      if (config.size() != null && config.minSize() == null) {
        return RotationPlan.keep("size " + size + " B not above size " + config.size().bytes() + " B");
      }
      if (!scheduleDue) return RotationPlan.keep("not due: already rotated since the last scheduled time");
      if (config.minSize() != null && size < config.minSize().bytes()) {
        return RotationPlan.keep("size " + size + " B below min_size " + config.minSize().bytes() + " B");
      }
    }
    Path dir = live.getParent();
    List<Step> steps = new ArrayList<>();
    Path destination;
    if (naming.dated()) {
      String base = naming.datedName(now);
      for (RotatedFile f : rotated) {
        if (f.base().equals(base)) {
          return RotationPlan.refuse("not rotated: destination " + f.path().getFileName() + " already exists; date_format "
              + config.dateFormat() + " is too coarse for how often this log rotates (add HHmmss)");
        }
      }
      destination = dir.resolve(base);
    } else {
      List<RotatedFile> highestFirst = new ArrayList<>(rotated);
      highestFirst.sort(Comparator.comparingInt(RotatedFile::index).reversed());
      for (RotatedFile f : highestFirst) {
        String to = RotationNaming.withCodec(naming.numbered(f.index() + 1), f.codec());
        steps.add(new Step.Rename(f.path(), dir.resolve(to)));
      }
      destination = dir.resolve(naming.numbered(1));
    }
    if (config.mode() == LogConfig.Mode.COPYTRUNCATE) {
      steps.add(new Step.CopyTruncate(live, destination));
    } else {
      steps.add(new Step.Rename(live, destination));
      if (config.create() != null) {
        steps.add(new Step.Create(live, destination, config.create().mode(), config.create().owner(), config.create().group()));
      }
    }
    if (!config.postRotate().isEmpty()) steps.add(new Step.PostRotate(config.postRotate()));
    String why = force ? "manual run" : overSize ? "size " + size + " B above " + config.size().bytes() + " B" : "due by schedule";
    return new RotationPlan(true, false, why, destination, steps);
  }

  /**
   * Housekeeping of the rotated files: delete beyond {@code keep} and older than {@code max_age},
   * drop an uncompressed file whose compressed twin is complete, compress the rest (except the
   * newest one with delay_compress). Deletions come first in the list.
   */
  public List<Step> housekeeping(List<RotatedFile> rotated, Instant now) {
    List<Step> deletes = new ArrayList<>();
    List<Step> compresses = new ArrayList<>();
    Set<String> compressedBases = new HashSet<>();
    for (RotatedFile f : rotated) if (f.compressed()) compressedBases.add(f.base());
    List<RotatedFile> distinct = new ArrayList<>();
    for (RotatedFile f : rotated) {
      if (!f.compressed() && compressedBases.contains(f.base())) {
        deletes.add(new Step.Delete(f.path(), "its compressed copy is complete (interrupted compression)"));
      } else {
        distinct.add(f);
      }
    }
    distinct.sort(RotatedFile::newestFirst);
    Codec codec = config.compression();
    for (int i = 0; i < distinct.size(); i++) {
      RotatedFile f = distinct.get(i);
      if (i >= config.keep()) {
        deletes.add(new Step.Delete(f.path(), "beyond keep " + config.keep()));
      } else if (config.maxAge() != null && f.modified().plus(config.maxAge()).isBefore(now)) {
        deletes.add(new Step.Delete(f.path(), "older than max_age " + config.maxAge()));
      } else if (config.compress() && !f.compressed() && !(i == 0 && config.delayCompress())) {
        compresses.add(new Step.Compress(f.path(), f.path().resolveSibling(RotationNaming.withCodec(f.base(), codec)), codec));
      }
    }
    List<Step> all = new ArrayList<>(deletes);
    all.addAll(compresses);
    return all;
  }
}
