package io.hostkeeper.exporter.collector.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure reading of {@code smartctl --json} output: the device list of {@code --scan-open} and one
 * device's health from {@code --info --health --attributes}. Figures smartctl does not report for a
 * device are null (absent), never 0.
 */
public final class SmartJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** smartctl exit status bits: the command line was wrong, or the device could not be opened (or slept). */
  static final int EXIT_FATAL_MASK = 0x3;
  static final int EXIT_SMART_COMMAND_FAILED = 0x4;

  private SmartJson() {}

  /** A device to read: its path and the {@code -d} type smartctl chose for it (null for its default). */
  public record ScannedDevice(String name, String type) {}

  /**
   * One device's health.
   *
   * @param problem why it could not be read (null when it was): what smartctl said
   * @param standby the device was asleep and was not woken to be read
   */
  public record Health(String device, String protocol, String model, String firmware, Boolean passed, Double temperatureCelsius,
      Double powerOnHours, Double reallocatedSectors, Double pendingSectors, Double offlineUncorrectable,
      Double percentageUsed, Double availableSpare, Double availableSpareThreshold, Double mediaErrors, boolean standby,
      String problem) {

    static Health problem(String device, String problem) {
      return new Health(device, null, null, null, null, null, null, null, null, null, null, null, null, null, false, problem);
    }
  }

  public static List<ScannedDevice> scan(String json) throws IOException {
    JsonNode root = JSON.readTree(json);
    List<ScannedDevice> out = new ArrayList<>();
    for (JsonNode d : root.path("devices")) {
      String name = text(d, "name");
      if (name == null || !name.startsWith("/dev/")) continue;
      out.add(new ScannedDevice(name, text(d, "type")));
    }
    return out;
  }

  /** The health of {@code device} from smartctl's JSON; a device it could not open is a problem. */
  public static Health health(String device, String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      return Health.problem(device, "smartctl printed no JSON (" + firstLine(json) + ")");
    }
    if (root == null || !root.isObject()) return Health.problem(device, "smartctl printed no JSON (" + firstLine(json) + ")");
    int exit = root.path("smartctl").path("exit_status").asInt(0);
    String said = messages(root);
    if ((exit & EXIT_FATAL_MASK) != 0) {
      boolean standby = said.toLowerCase(java.util.Locale.ROOT).contains("standby") || said.toLowerCase(java.util.Locale.ROOT).contains("sleep");
      if (standby) {
        return new Health(device, null, null, null, null, null, null, null, null, null, null, null, null, null, true, null);
      }
      return Health.problem(device, said.isEmpty() ? "smartctl could not open the device (exit status " + exit + ")" : said);
    }
    JsonNode status = root.path("smart_status").path("passed");
    Boolean passed = status.isBoolean() ? status.asBoolean() : null;
    JsonNode nvme = root.path("nvme_smart_health_information_log");
    Double temp = number(root.path("temperature").path("current"));
    if (temp == null) temp = number(nvme.path("temperature"));
    Double hours = number(root.path("power_on_time").path("hours"));
    if (hours == null) hours = number(nvme.path("power_on_hours"));
    Health h = new Health(device, text(root.path("device"), "protocol"), text(root, "model_name"), text(root, "firmware_version"),
        passed, temp, hours, attribute(root, 5), attribute(root, 197), attribute(root, 198),
        number(nvme.path("percentage_used")), number(nvme.path("available_spare")), number(nvme.path("available_spare_threshold")),
        number(nvme.path("media_errors")), false, null);
    if (passed == null && (exit & EXIT_SMART_COMMAND_FAILED) != 0 && h.temperatureCelsius() == null) {
      return Health.problem(device, said.isEmpty() ? "the device does not answer SMART commands (exit status " + exit + ")" : said);
    }
    return h;
  }

  /** The raw value of the ATA attribute {@code id}, or null. */
  private static Double attribute(JsonNode root, int id) {
    for (JsonNode a : root.path("ata_smart_attributes").path("table")) {
      if (a.path("id").asInt(-1) == id) return number(a.path("raw").path("value"));
    }
    return null;
  }

  private static String messages(JsonNode root) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : root.path("smartctl").path("messages")) {
      String s = text(m, "string");
      if (s != null) out.add(s.trim());
    }
    return String.join("; ", out);
  }

  private static Double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : null;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isTextual() ? v.asText() : null;
  }

  private static String firstLine(String s) {
    String t = s == null ? "" : s.strip();
    int nl = t.indexOf('\n');
    t = nl < 0 ? t : t.substring(0, nl);
    return t.isEmpty() ? "no output" : t.length() > 200 ? t.substring(0, 200) : t;
  }
}
