package io.hostkeeper.exporter.collector.smart;

import io.hostkeeper.common.config.SmartConfig;
import io.hostkeeper.common.probe.CommandRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMART refresh: lists the devices ({@code smart.devices}, else {@code smartctl --scan-open}),
 * then runs {@code smartctl --json --info --health --attributes --nocheck=standby} once per device,
 * one after the other, each under {@code smart.timeout}. A sleeping disk is not woken: it keeps its
 * previous reading. Every device smartctl cannot read is logged once with what smartctl said.
 */
public final class SmartReader {
  private static final Logger LOG = LoggerFactory.getLogger(SmartReader.class);
  private static final int MAX_OUTPUT = 1 << 20;

  /** The outcome of a refresh. */
  public record Reading(boolean up, long finishedMillis, List<SmartJson.Health> devices) {}

  private final SmartConfig config;
  private final CommandRunner runner = new CommandRunner(java.time.Duration.ofSeconds(2), MAX_OUTPUT);
  private final Map<String, SmartJson.Health> last = new LinkedHashMap<>();
  private final Map<String, String> reported = new LinkedHashMap<>();
  private String scanReported;

  public SmartReader(SmartConfig config) {
    this.config = config;
  }

  public synchronized Reading refresh(java.time.Clock clock) {
    List<SmartJson.ScannedDevice> devices = new ArrayList<>();
    if (!config.devices().isEmpty()) {
      for (String d : config.devices()) devices.add(new SmartJson.ScannedDevice(d, null));
    } else {
      CommandRunner.Result r = runner.run(List.of(config.smartctl(), "--json=c", "--scan-open"), config.timeout());
      String problem = r.ending() == CommandRunner.Ending.NOT_STARTED ? r.problem() + " (install smartmontools or set exporter.smart.smartctl)"
          : r.ending() == CommandRunner.Ending.TIMED_OUT ? "smartctl --scan-open did not finish within " + config.timeout().toSeconds() + "s"
          : null;
      if (problem == null) {
        try {
          devices = SmartJson.scan(r.output());
        } catch (IOException e) {
          problem = "smartctl --scan-open printed no JSON; is it smartmontools 7.0 or newer?";
        }
      }
      if (problem != null) {
        if (!problem.equals(scanReported)) LOG.warn("smart: {}", problem);
        scanReported = problem;
        return new Reading(false, clock.millis(), List.of());
      }
      if (devices.isEmpty() && scanReported == null) LOG.info("smart: smartctl --scan-open found no devices it can read");
      scanReported = "";
    }
    List<SmartJson.Health> out = new ArrayList<>();
    for (SmartJson.ScannedDevice d : devices) {
      String label = d.name().substring("/dev/".length());
      SmartJson.Health h = read(d, label);
      if (h.standby() && last.containsKey(label)) h = last.get(label);
      last.put(label, h);
      String was = reported.get(label);
      if (h.problem() != null && !h.problem().equals(was)) LOG.warn("smart: cannot read {}: {}", d.name(), h.problem());
      if (h.problem() == null && was != null) LOG.info("smart: {} is readable again", d.name());
      if (h.problem() == null) reported.remove(label);
      else reported.put(label, h.problem());
      out.add(h);
    }
    return new Reading(true, clock.millis(), out);
  }

  private SmartJson.Health read(SmartJson.ScannedDevice d, String label) {
    List<String> argv = new ArrayList<>(List.of(config.smartctl(), "--json=c", "--info", "--health", "--attributes",
        "--nocheck=standby"));
    if (d.type() != null && !d.type().isBlank()) argv.addAll(List.of("-d", d.type()));
    argv.add(d.name());
    CommandRunner.Result r = runner.run(argv, config.timeout());
    return switch (r.ending()) {
      case NOT_STARTED -> SmartJson.Health.problem(label, r.problem());
      case TIMED_OUT -> SmartJson.Health.problem(label, "smartctl did not finish within " + config.timeout().toSeconds() + "s");
      case EXITED -> SmartJson.health(label, r.output());
    };
  }
}
