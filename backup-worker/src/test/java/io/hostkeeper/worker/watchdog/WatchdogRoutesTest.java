package io.hostkeeper.worker.watchdog;

import static io.hostkeeper.worker.watchdog.WatchdogFixture.lines;
import static io.hostkeeper.worker.watchdog.WatchdogFixture.tcpService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostkeeper.common.config.ServiceCheck;
import io.hostkeeper.common.config.RestartConfig;
import io.hostkeeper.common.config.ServiceConfig;
import io.hostkeeper.common.config.TcpCheck;
import io.hostkeeper.worker.admin.ApiError;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /api/services routes on a real Javalin, mapped the way the admin app maps ApiError. */
class WatchdogRoutesTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  FakeClock clock;
  WatchdogFixture fx;
  Path log;
  RestartConfig rc;

  @BeforeEach
  void setUp() throws Exception {
    clock = new FakeClock(WatchdogFixture.t0());
    fx = new WatchdogFixture(dir, clock);
    log = dir.resolve("restarts.log");
    Path cmd = fx.script("restart.sh", "echo restart >> " + log + "; echo web restarted");
    rc = ServiceWatchdogTest.restart(List.of(cmd.toString()), 1, 1, Duration.ofSeconds(10));
  }

  private Javalin app() {
    fx.start(tcpService("web", rc),
        new ServiceConfig("db", new ServiceCheck(null, new TcpCheck(null, Duration.ofSeconds(1)), null, null, null, null), null));
    WatchdogRoutes routes = fx.area.routes(fx.context);
    return Javalin.create(config -> {
      routes.addTo(config);
      config.routes.exception(ApiError.class, (e, ctx) ->
          ctx.status(e.status()).json(Map.of("error", e.code(), "message", e.getMessage())));
    });
  }

  static JsonNode json(Response r) throws Exception {
    return JSON.readTree(r.body().string());
  }

  @Test
  void listsServicesWithTheirWatchdogState() {
    JavalinTest.test(app(), (server, client) -> {
      fx.run("web");
      Response r = client.get("/api/services");
      assertEquals(200, r.code());
      JsonNode services = json(r).get("services");
      assertEquals(2, services.size());
      JsonNode web = services.get(0);
      assertEquals("web", web.get("name").asText());
      assertEquals("tcp", web.get("check").asText());
      assertTrue(web.get("watched").asBoolean());
      assertEquals("healthy", web.get("state").asText());
      assertEquals(1, web.get("max_restarts").asInt());
      assertTrue(web.get("last_check").get("up").asBoolean());
      JsonNode db = services.get(1);
      assertFalse(db.get("watched").asBoolean());
      assertFalse(db.has("state"));
    });
  }

  @Test
  void restartRearmAndTheirRefusals() {
    JavalinTest.test(app(), (server, client) -> {
      Response restarted = client.post("/api/services/web/restart");
      assertEquals(200, restarted.code(), restarted.body().string());
      JsonNode body = json(restarted);
      assertEquals("success", body.get("result").asText());
      assertEquals(0, body.get("restart").get("exit_status").asInt());
      assertEquals("web restarted", body.get("restart").get("output_tail").asText());
      assertEquals(1, lines(log));

      Response again = client.post("/api/services/web/restart");
      assertEquals(409, again.code());
      assertEquals("conflict", json(again).get("error").asText());

      // the one restart allowed is used: the next need gives up
      fx.probe("web").up = false;
      clock.advance(Duration.ofMinutes(2));
      fx.run("web");
      assertEquals("gave_up", json(client.get("/api/services")).get("services").get(0).get("state").asText());
      Response refused = client.post("/api/services/web/restart");
      assertEquals(409, refused.code());
      assertTrue(json(refused).get("message").asText().contains("re-arm"), refused.body().string());

      Response rearm = client.post("/api/services/web/rearm");
      assertEquals(200, rearm.code());
      assertEquals("gave_up", json(rearm).get("previous_state").asText());
      assertEquals("failing", json(rearm).get("state").asText());
      clock.advance(Duration.ofSeconds(15));
      fx.run("web");
      assertEquals(2, lines(log), "re-armed: the watchdog restarts again");
      JsonNode recent = json(client.get("/api/services")).get("services").get(0).get("recent_restarts");
      assertEquals(2, recent.size());
      assertEquals("automatic", recent.get(0).get("trigger").asText());
      assertEquals("manual", recent.get(1).get("trigger").asText());
    });
  }

  @Test
  void unknownAndUnwatchedServices() {
    JavalinTest.test(app(), (server, client) -> {
      Response unknown = client.post("/api/services/nope/restart");
      assertEquals(404, unknown.code());
      assertEquals("not_found", json(unknown).get("error").asText());
      Response unwatched = client.post("/api/services/db/rearm");
      assertEquals(409, unwatched.code());
      assertTrue(json(unwatched).get("message").asText().contains("no restart: block"));
    });
  }
}
