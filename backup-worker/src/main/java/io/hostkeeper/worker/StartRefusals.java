package io.hostkeeper.worker;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.RefusedJob;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Set;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sorts the start-up check results into what refuses one entry's job and what refuses the worker.
 * A problem located in one {@code logs:}, {@code databases:} or {@code backups:} entry, or in a
 * service's {@code restart:} block, concerns that entry only: its job is refused, the others start.
 * Anything else (the data directory, the admin token, ...) stops the start. Pure.
 *
 * @param items the entries' problems, keyed by the entry's config object (by identity)
 * @param global the problems that refuse the whole worker
 */
public record StartRefusals(Map<Object, List<String>> items, List<ConfigError> global) {
  private static final Pattern ITEM = Pattern.compile("^(logs|databases|backups|services)\\[(\\d+)](.*)$");

  public StartRefusals {
    IdentityHashMap<Object, List<String>> copy = new IdentityHashMap<>();
    items.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    items = Collections.unmodifiableMap(copy);
    global = List.copyOf(global);
  }

  public static StartRefusals none() {
    return new StartRefusals(Map.of(), List.of());
  }

  public static StartRefusals sort(HostkeeperConfig config, List<ConfigError> problems) {
    Map<Object, List<String>> items = new IdentityHashMap<>();
    List<ConfigError> global = new ArrayList<>();
    for (ConfigError e : problems) {
      Object item = item(config, e.path());
      if (item == null) global.add(e);
      else items.computeIfAbsent(item, k -> new ArrayList<>()).add(e.toString());
    }
    return new StartRefusals(items, global);
  }

  /** The entry a YAML path points into, or null when it is not one with a job of its own. */
  static Object item(HostkeeperConfig config, String path) {
    Matcher m = ITEM.matcher(path == null ? "" : path);
    if (!m.matches()) return null;
    int i;
    try {
      i = Integer.parseInt(m.group(2));
    } catch (NumberFormatException e) {
      return null;
    }
    List<?> list = switch (m.group(1)) {
      case "logs" -> config.logs();
      case "databases" -> config.databases();
      case "backups" -> config.backups();
      default -> config.services();
    };
    if (i >= list.size()) return null;
    if (m.group(1).equals("services")) {
      // only the watchdog's part of a service is the worker's job
      boolean restart = m.group(3).equals(".restart") || m.group(3).startsWith(".restart.");
      return restart ? config.services().get(i).restart() : null;
    }
    return list.get(i);
  }

  /**
   * Replaces, in {@code jobs}, the job of every refused entry with a {@link RefusedJob}; returns
   * those. An entry refused here that has no job stops the start, as every problem did before.
   *
   * @throws IllegalStateException naming the problems of entries without a job
   */
  public List<RefusedJob> applyTo(List<HostkeeperJob> jobs) {
    List<RefusedJob> refused = new ArrayList<>();
    Set<Object> matched = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < jobs.size(); i++) {
      Object item = jobs.get(i).configItem();
      List<String> reasons = item == null ? null : items.get(item);
      if (reasons == null) continue;
      RefusedJob r = new RefusedJob(jobs.get(i), reasons);
      jobs.set(i, r);
      refused.add(r);
      matched.add(item);
    }
    List<String> unmatched = items.entrySet().stream().filter(e -> !matched.contains(e.getKey()))
        .flatMap(e -> e.getValue().stream()).toList();
    if (!unmatched.isEmpty()) throw new IllegalStateException(String.join("; ", unmatched));
    return refused;
  }

  public boolean refusesWorker() {
    return !global.isEmpty();
  }
}
