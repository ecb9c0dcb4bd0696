package io.hostkeeper.worker.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which restart commands are flagged as staying in the foreground (argv words separated by '|'). */
class ForegroundCommandsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ';', value = {
      "systemctl|restart|web.service; false",
      "/usr/bin/systemctl|restart|web; false",
      "setsid|-f|/usr/bin/node|/srv/app/server.js; false",
      "/usr/bin/node|/srv/app/server.js; true",
      "nohup|/usr/bin/node|/srv/app/server.js; true",
      "java|-jar|/srv/app.jar; true",
      "/opt/venv/bin/gunicorn|app:wsgi; true",
      "redis-server|/etc/redis.conf; true",
      "docker|restart|web; false",
      "docker|run|--rm|nginx; true",
      "docker|run|-d|--rm|nginx; false",
      "podman|run|--detach|nginx; false",
      "docker|compose|up; true",
      "docker|compose|up|-d; false",
      "docker-compose|up; true",
      "docker-compose|restart; false",
      "caddy|run; true",
      "caddy|start; false",
      "nginx|-g|daemon off; true",
      "nginx|-s|reload; false",
      "/usr/local/bin/restart-queue.sh; false",
  })
  void flagsCommandsThatStayInTheForeground(String argv, boolean flagged) {
    List<String> command = Arrays.asList(argv.split("\\|"));
    assertEquals(flagged, ForegroundCommands.warning(command).isPresent(), String.valueOf(ForegroundCommands.warning(command)));
  }
}
