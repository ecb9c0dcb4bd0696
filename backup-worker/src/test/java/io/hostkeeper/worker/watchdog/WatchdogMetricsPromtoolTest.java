package io.hostkeeper.worker.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.testing.RealStack;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Tier 3: the watchdog's families as served, linted by the real promtool. */
class WatchdogMetricsPromtoolTest {

  @Test
  void exposedFamiliesPassPromtoolCheckMetrics() throws Exception {
    Path promtool = RealStack.require("prometheus", "promtool");
    PrometheusRegistry registry = new PrometheusRegistry();
    WatchdogMetrics metrics = new WatchdogMetrics(registry);
    metrics.init("web");
    metrics.init("db");
    metrics.state("web", WatchdogState.COOLING_DOWN);
    metrics.state("db", WatchdogState.GAVE_UP);
    metrics.restarted("web", "failure");
    metrics.restarted("db", "timeout");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.DEFAULT);
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("hostkeeper_service_watchdog_state{service=\"db\",state=\"gave_up\"} 1.0"), text);
    assertTrue(text.contains("hostkeeper_service_restarts_total{result=\"failure\",service=\"web\"} 1.0"), text);

    Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(out.toByteArray());
    p.getOutputStream().close();
    String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), report);
    assertEquals("", report.strip(), "promtool has no lint findings");
  }
}
