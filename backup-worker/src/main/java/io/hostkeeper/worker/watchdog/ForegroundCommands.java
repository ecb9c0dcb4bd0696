package io.hostkeeper.worker.watchdog;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Spots a restart command that will not return: the watchdog waits for the command to end, so a
 * command that runs the service itself in the foreground is killed at {@code restart.timeout} and
 * counted as a failed restart. A short, documented list, checked on the argv (after a leading
 * {@code nohup}, which does not detach):
 *
 * <ul>
 *   <li>a program that is the service itself: {@code node}, {@code java}, {@code python},
 *       {@code python3}, {@code ruby}, {@code php}, {@code gunicorn}, {@code uvicorn},
 *       {@code redis-server}, {@code mongod}, {@code postgres}, {@code mysqld}, {@code mariadbd},
 *       {@code memcached}, {@code caddy run}, {@code nginx -g "daemon off;"};
 *   <li>{@code docker}/{@code podman run} or {@code compose up} (also {@code docker-compose up})
 *       without {@code -d}/{@code --detach}.
 * </ul>
 * Commands that return ({@code systemctl restart}, {@code setsid -f ...}, {@code docker restart},
 * a script that starts the service in the background) are not flagged. Pure.
 */
final class ForegroundCommands {
  private static final Set<String> SERVICE_ITSELF = Set.of("node", "java", "python", "python3", "ruby", "php",
      "gunicorn", "uvicorn", "redis-server", "mongod", "postgres", "mysqld", "mariadbd", "memcached");

  private ForegroundCommands() {}

  /** Why {@code argv} probably stays in the foreground, or empty. */
  static Optional<String> warning(List<String> argv) {
    int i = 0;
    while (i < argv.size() && program(argv.get(i)).equals("nohup")) i++;
    if (i >= argv.size()) return Optional.empty();
    String program = program(argv.get(i));
    List<String> args = argv.subList(i + 1, argv.size());
    if (SERVICE_ITSELF.contains(program)
        || (program.equals("caddy") && args.contains("run"))
        || (program.equals("nginx") && args.stream().anyMatch(a -> a.replace(" ", "").contains("daemonoff")))) {
      return Optional.of(program + " runs the service itself in the foreground");
    }
    boolean detached = args.contains("-d") || args.contains("--detach");
    boolean container = (program.equals("docker") || program.equals("podman"))
        && (args.contains("run") || (args.contains("compose") && args.contains("up")));
    if ((container || (program.equals("docker-compose") && args.contains("up"))) && !detached) {
      return Optional.of(program + " " + (args.contains("run") ? "run" : "up") + " without -d stays attached to the container");
    }
    return Optional.empty();
  }

  private static String program(String arg) {
    Path name = Path.of(arg).getFileName();
    return name == null ? arg : name.toString();
  }
}
