package io.hostkeeper.exporter.collector.textfile;

import java.util.List;
import java.util.Map;

/**
 * One metric family read from a text-format file: its name, type (as the file's {@code # TYPE}
 * says, {@code untyped} without one), help (empty without {@code # HELP}) and samples in file order.
 */
public record ParsedFamily(String name, String type, String help, List<Sample> samples) {
  public ParsedFamily {
    samples = List.copyOf(samples);
  }

  /**
   * One sample line.
   *
   * @param name the full sample name ({@code x_bucket}, {@code x_sum}, {@code x} ...)
   * @param labels label names to values, in the order written
   */
  public record Sample(String name, Map<String, String> labels, double value) {
    public Sample {
      labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    }
  }
}
