package io.hostkeeper.common.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code systemctl show} output: one block of {@code Key=value} lines per unit, in the order
 * the units were named, blocks separated by an empty line. Values may contain {@code =}.
 */
public final class SystemctlShowParser {
  private SystemctlShowParser() {}

  /** The property blocks of the output, in order; lines without {@code =} are ignored. */
  public static List<Map<String, String>> blocks(String output) {
    List<Map<String, String>> blocks = new ArrayList<>();
    Map<String, String> current = new LinkedHashMap<>();
    for (String line : output.split("\\R", -1)) {
      if (line.isBlank()) {
        if (!current.isEmpty()) blocks.add(current);
        current = new LinkedHashMap<>();
        continue;
      }
      int eq = line.indexOf('=');
      if (eq > 0) current.put(line.substring(0, eq), line.substring(eq + 1));
    }
    if (!current.isEmpty()) blocks.add(current);
    return blocks;
  }

  /**
   * The units' statuses, keyed by the names as given.
   *
   * @throws IllegalArgumentException when the number of blocks does not match the units asked for
   */
  public static Map<String, UnitStatus> parse(List<String> units, String output) {
    List<Map<String, String>> blocks = blocks(output);
    if (blocks.size() != units.size()) {
      throw new IllegalArgumentException("systemctl show printed " + blocks.size() + " blocks for " + units.size() + " units");
    }
    Map<String, UnitStatus> result = new LinkedHashMap<>();
    for (int i = 0; i < units.size(); i++) result.put(units.get(i), UnitStatus.fromProperties(units.get(i), blocks.get(i)));
    return result;
  }
}
